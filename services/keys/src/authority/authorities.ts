import { createHash, generateKeyPairSync, type KeyObject, randomBytes, webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { formatSshPublicKey } from '../codec/ssh-pubkey.ts';
import { makeClusterCa, pemBlocks } from './cluster-ca.ts';
import { sealKey, unsealKey } from './sealed-key.ts';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export const EC_ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** The cluster CA's files in the keys dir: the signing CA, the CAs it replaced, the cross-certificates. */
export const CLUSTER_CA = {
  cert: 'cluster-ca.crt',
  key: 'cluster-ca.key',
  previous: 'cluster-ca-previous.pem',
  cross: 'cluster-ca-cross.pem',
} as const;

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
    /** What clients trust: this CA, then the CAs it replaced (still trusted), PEM. */
    bundlePem: string;
    /**
     * Cross-certificates from this CA back to the first one (this CA signed by the one it
     * replaced, and so on), sent after every certificate it issues so that a client holding
     * only an older bundle still verifies it. Empty until a rotation.
     */
    chainPem: string;
    /** The CAs it replaced, newest first, PEM each. */
    previous: string[];
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

export function write(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

function ensureSiteId(dir: string): string {
  const file = join(dir, 'site-id');
  if (!existsSync(file)) write(file, `${randomBytes(4).toString('hex')}\n`);
  return readFileSync(file, 'utf8').trim();
}

async function ensureClusterCa(dir: string, passphrase: string, siteId: string): Promise<Authorities['cluster']> {
  const certFile = join(dir, CLUSTER_CA.cert);
  const keyFile = join(dir, CLUSTER_CA.key);
  if (!existsSync(keyFile)) {
    const ca = await makeClusterCa(`CN=Paddock cluster CA ${siteId}`);
    write(keyFile, sealKey(ca.key, passphrase));
    write(certFile, ca.cert.toString('pem'));
  }
  const pem = readFileSync(certFile, 'utf8');
  const key = unsealKey(readFileSync(keyFile, 'utf8'), passphrase, keyFile);
  const cert = new x509.X509Certificate(pem);
  const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension);
  const keyId = ski
    ? Buffer.from(ski.keyId, 'hex')
    : createHash('sha1').update(Buffer.from(cert.publicKey.rawData)).digest();
  const optional = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : '');
  const previous = pemBlocks(optional(CLUSTER_CA.previous));
  return {
    cert,
    pem,
    key,
    subjectDer: Buffer.from(cert.subjectName.toArrayBuffer()),
    keyId,
    bundlePem: [pem, ...previous].map((p) => `${p.trim()}\n`).join(''),
    chainPem: pemBlocks(optional(CLUSTER_CA.cross)).join(''),
    previous,
  };
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
