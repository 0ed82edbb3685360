import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { EC_ALG } from './authorities.ts';

const YEAR = 365 * 86_400_000;

/**
 * A new cluster CA: its key pair and self-signed certificate (ten years). No path length limit:
 * after a rotation this CA's cross-certificate for its successor is a CA below it (a CA made
 * with path length 0, as before rotation existed, cannot vouch for a successor that way).
 */
export async function makeClusterCa(name: string): Promise<{ key: KeyObject; cert: x509.X509Certificate }> {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const cert = await caCertificate(name, pair.publicKey, { name, key: pair.privateKey });
  return { key: pair.privateKey, cert };
}

/**
 * The CA `name` with public key `publicKey`, signed by `issuer`: self-signed when the issuer is
 * the CA itself, a cross-certificate when it is the CA it replaces. A client that trusts only
 * the old CA then builds leaf → cross-certificate → old CA, since the cross-certificate carries
 * the new CA's subject and key identifier.
 */
export async function caCertificate(
  name: string,
  publicKey: KeyObject,
  issuer: { name: string; key: KeyObject; keyId?: string },
  notAfter = new Date(Date.now() + 10 * YEAR),
): Promise<x509.X509Certificate> {
  const pub = publicKey.toCryptoKey(EC_ALG, true, ['verify']) as unknown as CryptoKey;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(true, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(pub),
  ];
  if (issuer.keyId) extensions.push(new x509.AuthorityKeyIdentifierExtension(issuer.keyId));
  return x509.X509CertificateGenerator.create({
    subject: name,
    issuer: issuer.name,
    publicKey: pub,
    signingKey: issuer.key.toCryptoKey(EC_ALG, false, ['sign']) as unknown as CryptoKey,
    signingAlgorithm: EC_ALG,
    serialNumber: randomBytes(16)
      .toString('hex')
      .replace(/^[89a-f]/, '1'),
    notBefore: new Date(Date.now() - 3_600_000),
    notAfter,
    extensions,
  });
}

/** Whether a CA certificate may have a CA below it (its path length is not limited to 0). */
export const mayCrossSign = (cert: x509.X509Certificate): boolean =>
  cert.getExtension(x509.BasicConstraintsExtension)?.pathLength !== 0;

/** The PEM blocks of a file of certificates, in order. */
export const pemBlocks = (text: string): string[] =>
  text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)?.map((b) => `${b}\n`) ?? [];
