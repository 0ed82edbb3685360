import { createHash } from 'node:crypto';
import { SshReader, SshWriter } from './ssh-wire.ts';

/** The one SSH key type Paddock certifies; its certificate type is ssh-ed25519-cert-v01@openssh.com. */
export const ED25519 = 'ssh-ed25519';
export const ED25519_CERT = 'ssh-ed25519-cert-v01@openssh.com';

export interface SshPublicKey {
  type: typeof ED25519;
  /** The 32-byte Ed25519 public key. */
  key: Uint8Array;
  comment: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const MAX_LINE = 16 * 1024;

/**
 * Parses one authorized_keys-style line ("ssh-ed25519 AAAA... comment"). Other key types are
 * refused by name, so the caller can say which type it got and which it wants.
 */
export function parseSshPublicKey(line: string): Parsed<SshPublicKey> {
  if (line.length > MAX_LINE) return { ok: false, reason: `SSH public key is ${line.length} bytes, over ${MAX_LINE}` };
  const parts = line.trim().split(/\s+/);
  const [type, b64 = '', ...rest] = parts;
  if (!type || !b64) return { ok: false, reason: 'SSH public key must be "<type> <base64> [comment]"' };
  if (type !== ED25519)
    return { ok: false, reason: `SSH key type ${type.slice(0, 64)} is not supported: use ${ED25519}` };
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return { ok: false, reason: 'SSH public key is not valid base64' };
  const blob = decodeKeyBlob(Buffer.from(b64, 'base64'));
  if (!blob.ok) return blob;
  return { ok: true, value: { ...blob.value, comment: rest.join(' ') } };
}

/** The wire blob of an Ed25519 public key: string "ssh-ed25519", string key. */
export function decodeKeyBlob(bytes: Uint8Array): Parsed<Omit<SshPublicKey, 'comment'>> {
  const r = new SshReader(bytes);
  const type = r.text('key type');
  const key = r.string('ed25519 key');
  const error = r.finish();
  if (error) return { ok: false, reason: `SSH public key blob: ${error}` };
  if (type !== ED25519) return { ok: false, reason: `SSH key blob type ${type.slice(0, 64)} is not ${ED25519}` };
  if (key.length !== 32) return { ok: false, reason: `Ed25519 key is ${key.length} bytes, not 32` };
  return { ok: true, value: { type: ED25519, key: Uint8Array.from(key) } };
}

export function encodeKeyBlob(key: Uint8Array): Uint8Array {
  return new SshWriter().string(ED25519).string(key).finish();
}

export function formatSshPublicKey(key: Uint8Array, comment = ''): string {
  const line = `${ED25519} ${Buffer.from(encodeKeyBlob(key)).toString('base64')}`;
  return comment ? `${line} ${comment}` : line;
}

/** OpenSSH's fingerprint: SHA256:<unpadded base64 of sha256(blob)>. */
export function sshFingerprint(blob: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}
