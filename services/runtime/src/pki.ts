import { randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
// @peculiar/x509 resolves its algorithms through tsyringe, which needs this polyfill loaded first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { type PkiPaths, pkiPaths } from './pki-paths.ts';

export { type PkiPaths, pkiPaths };

/**
 * The server's own small PKI, made on first start in `<data-dir>/pki` (as k3s does): a CA, a
 * server certificate whose SANs are the names and addresses clients use, and an admin client
 * certificate; plus `<data-dir>/admin.token`, the admin bearer token. Keys are ECDSA P-256.
 * Files are written 0600 and never rewritten once present, except the server certificate,
 * which is re-issued from the same CA when the set of names it must carry changes.
 */
export interface Pki {
  caPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  /** Absent where no CA key is at hand (a service that enrolled with a keys server). */
  adminCertPem?: string;
  adminKeyPem?: string;
  adminToken: string;
  /** The CA as a Node X509Certificate, for verifying client certificates. */
  ca: X509Certificate;
  paths: PkiPaths;
}

/**
 * Where a server's PKI comes from: made by the server itself (`ensurePki`, the default), or
 * issued by the keys service's cluster CA when it runs in the same process or is named by
 * `--keys-server`. `names` are the DNS names and IPs the server certificate must carry.
 */
export type PkiSource = (dataDir: string, names: string[]) => Promise<Pki>;

const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** Loads the PKI from the data dir, creating whatever is missing. `names` are DNS names and IPs. */
export async function ensurePki(dataDir: string, names: string[]): Promise<Pki> {
  const paths = pkiPaths(dataDir);
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  const write = (file: string, text: string) => writeFileSync(file, text, { mode: 0o600 });

  if (!existsSync(paths.caCert) || !existsSync(paths.caKey)) {
    const keys = await newKeys();
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      name: `CN=Paddock CA ${randomBytes(4).toString('hex')}`,
      keys,
      signingAlgorithm: alg,
      notBefore: yesterday(),
      notAfter: yearsFromNow(10),
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    write(paths.caKey, await keyToPem(keys.privateKey));
    write(paths.caCert, cert.toString('pem'));
  }
  const caPem = readFileSync(paths.caCert, 'utf8');
  const caCert = new x509.X509Certificate(caPem);
  const caKey = await pemToKey(readFileSync(paths.caKey, 'utf8'));
  const issue = async (subject: string, extensions: x509.Extension[], certFile: string, keyFile: string) => {
    const keys = await newKeys();
    const cert = await x509.X509CertificateGenerator.create({
      subject,
      issuer: caCert.subject,
      publicKey: keys.publicKey,
      signingKey: caKey,
      signingAlgorithm: alg,
      notBefore: yesterday(),
      notAfter: yearsFromNow(2),
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        await x509.AuthorityKeyIdentifierExtension.create(caCert, false),
        ...extensions,
      ],
    });
    write(keyFile, await keyToPem(keys.privateKey));
    write(certFile, cert.toString('pem'));
  };

  const wanted = [...new Set(names)].sort();
  if (!existsSync(paths.serverCert) || !existsSync(paths.serverKey) || !sameNames(paths.serverCert, wanted, caPem)) {
    const san = wanted.map((n) => ({ type: isIP(n) ? ('ip' as const) : ('dns' as const), value: n }));
    await issue(
      'CN=paddock',
      [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(san),
      ],
      paths.serverCert,
      paths.serverKey,
    );
  }
  if (!existsSync(paths.adminCert) || !existsSync(paths.adminKey)) {
    await issue(
      'CN=admin,O=paddock:admins',
      [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      ],
      paths.adminCert,
      paths.adminKey,
    );
  }
  if (!existsSync(paths.adminToken)) write(paths.adminToken, `pdk_${randomBytes(32).toString('base64url')}\n`);

  return readPki(paths, { caPem, admin: true });
}

/**
 * The PKI its files in `paths` hold, once they are all in place. `caPem` is what clients are
 * given (a bundle, for a cluster CA); client certificates are checked against `caCertPem`, its
 * first certificate by default. `admin`: the admin certificate is there too (not on a server
 * that enrolled with a keys server, which holds no CA key to make one).
 */
export function readPki(paths: PkiPaths, o: { caPem: string; caCertPem?: string; admin: boolean }): Pki {
  const read = (file: string) => readFileSync(file, 'utf8');
  return {
    caPem: o.caPem,
    serverCertPem: read(paths.serverCert),
    serverKeyPem: read(paths.serverKey),
    ...(o.admin ? { adminCertPem: read(paths.adminCert), adminKeyPem: read(paths.adminKey) } : {}),
    adminToken: read(paths.adminToken).trim(),
    ca: new X509Certificate(o.caCertPem ?? o.caPem),
    paths,
  };
}

/** True when the certificate carries exactly these names and was issued by this CA. */
export function sameNames(certFile: string, wanted: string[], caPem: string): boolean {
  try {
    const cert = new X509Certificate(readFileSync(certFile));
    if (!cert.verify(new X509Certificate(caPem).publicKey)) return false;
    const have = (cert.subjectAltName ?? '')
      .split(', ')
      .map((entry) => entry.replace(/^(DNS|IP Address):/, ''))
      .filter(Boolean)
      .sort();
    return JSON.stringify(have) === JSON.stringify(wanted.map(normaliseIp));
  } catch {
    return false;
  }
}

// Node prints IPv6 SANs in full lower-case form; compare like with like.
function normaliseIp(name: string): string {
  if (isIP(name) !== 6) return name;
  return new URL(`http://[${name}]/`).hostname.slice(1, -1);
}

async function newKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function keyToPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd()}\n-----END PRIVATE KEY-----\n`;
}

async function pemToKey(pem: string): Promise<CryptoKey> {
  const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  return (await webcrypto.subtle.importKey('pkcs8', der, alg, false, ['sign'])) as CryptoKey;
}

const yesterday = () => new Date(Date.now() - 86_400_000);
const yearsFromNow = (n: number) => new Date(Date.now() + n * 365 * 86_400_000);
