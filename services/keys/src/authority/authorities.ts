import { createHash, generateKeyPairSync, type KeyObject, randomBytes, webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { formatSshPublicKey } from '../codec/ssh-pubkey.ts';
import { sealKey, unsealKey } from './sealed-key.ts';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export const EC_ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** The three authorities of a site, unlocked in memory; the private keys never leave. */
export interface Authorities {
  dir: string;
  cluster: {
    cert: x509.X509Certificate;
    pem: string;
    /** The private key, for node:crypto's sign(). */
    key: KeyObject;
    /** The CA's subject, DER, as every certificate it signs names its issuer. */
    subjectDer: Buffer;
    /** Its subject key identifier, for the authority key identifier of what it signs. */
    keyId: Buffer;
  };
  sshHost: SshCa;
  sshUser: SshCa;
}

export interface SshCa {
  /** The 32-byte Ed25519 public key. */
  publicKey: Uint8Array;
  /** "ssh-ed25519 AAAA... comment", for TrustedUserCAKeys and @cert-authority lines. */
  line: string;
  key: KeyObject;
}

/**
 * Loads the authorities from `<dir>`, creating any that are missing. Each key is written sealed
 * (0600) beside its public half, via a temporary file and a rename, and never rewritten.
 */
export async function openAuthorities(dir: string, passphrase: string): Promise<Authorities> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const siteId = ensureSiteId(dir);
  const cluster = await ensureClusterCa(dir, passphrase, siteId);
  return {
    dir,
    cluster,
    sshHost: ensureSshCa(dir, 'ssh-host-ca', passphrase, `paddock-host-ca@${siteId}`),
    sshUser: ensureSshCa(dir, 'ssh-user-ca', passphrase, `paddock-user-ca@${siteId}`),
  };
}

function write(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

function ensureSiteId(dir: string): string {
  const file = join(dir, 'site-id');
  if (!existsSync(file)) write(file, `${randomBytes(4).toString('hex')}\n`);
  return readFileSync(file, 'utf8').trim();
}

async function ensureClusterCa(dir: string, passphrase: string, siteId: string): Promise<Authorities['cluster']> {
  const certFile = join(dir, 'cluster-ca.crt');
  const keyFile = join(dir, 'cluster-ca.key');
  if (!existsSync(keyFile)) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keys = {
      publicKey: pair.publicKey.toCryptoKey(EC_ALG, true, ['verify']),
      privateKey: pair.privateKey.toCryptoKey(EC_ALG, false, ['sign']),
    } as CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      name: `CN=Paddock cluster CA ${siteId}`,
      keys,
      signingAlgorithm: EC_ALG,
      serialNumber: randomBytes(16)
        .toString('hex')
        .replace(/^[89a-f]/, '1'),
      notBefore: new Date(Date.now() - 3_600_000),
      notAfter: new Date(Date.now() + 10 * 365 * 86_400_000),
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    write(keyFile, sealKey(pair.privateKey, passphrase));
    write(certFile, cert.toString('pem'));
  }
  const pem = readFileSync(certFile, 'utf8');
  const key = unsealKey(readFileSync(keyFile, 'utf8'), passphrase, keyFile);
  const cert = new x509.X509Certificate(pem);
  const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension);
  const keyId = ski
    ? Buffer.from(ski.keyId, 'hex')
    : createHash('sha1').update(Buffer.from(cert.publicKey.rawData)).digest();
  return { cert, pem, key, subjectDer: Buffer.from(cert.subjectName.toArrayBuffer()), keyId };
}

function ensureSshCa(dir: string, name: string, passphrase: string, comment: string): SshCa {
  const keyFile = join(dir, `${name}.key`);
  const pubFile = join(dir, `${name}.pub`);
  if (!existsSync(keyFile)) {
    const pair = generateKeyPairSync('ed25519');
    write(keyFile, sealKey(pair.privateKey, passphrase));
    write(pubFile, `${formatSshPublicKey(ed25519Raw(pair.publicKey), comment)}\n`);
  }
  const key = unsealKey(readFileSync(keyFile, 'utf8'), passphrase, keyFile);
  const publicKey = ed25519Raw(key);
  return { publicKey, line: formatSshPublicKey(publicKey, comment), key };
}

/** The raw 32-byte Ed25519 public key of a key object (public or private). */
export function ed25519Raw(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: 'jwk' }) as { x?: string };
  return Uint8Array.from(Buffer.from(jwk.x ?? '', 'base64url'));
}

/** SHA-256 of the CA certificate's DER, hex: what an agent pins. */
export function caFingerprint(a: Authorities): string {
  return createHash('sha256').update(Buffer.from(a.cluster.cert.rawData)).digest('hex');
}
