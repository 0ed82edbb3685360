import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { concat } from './bytes.ts';
import type { CipherSuite } from './cipher-suite.ts';

export function hmac(suite: CipherSuite, key: Uint8Array, ...data: Uint8Array[]): Uint8Array {
  const h = createHmac(suite.hash, key);
  for (const d of data) h.update(d);
  return new Uint8Array(h.digest());
}

/** Keys of an active session, derived from the Session Integrity Key (IPMI 2.0 §13.32). */
export interface SessionKeys {
  sik: Uint8Array;
  /** K1: keys the per-message AuthCode. */
  k1: Uint8Array;
  /** K2's first 16 bytes: the AES-128 key. */
  aesKey: Uint8Array;
}

// §13.32: K1 and K2 are the HMAC under the SIK of 20 bytes of 0x01 / 0x02, for every suite
// (ipmitool and OpenIPMI both keep the constants at 20 bytes for HMAC-SHA256 too).
const CONST_1 = new Uint8Array(20).fill(1);
const CONST_2 = new Uint8Array(20).fill(2);

export function deriveKeys(suite: CipherSuite, sik: Uint8Array): SessionKeys {
  return { sik, k1: hmac(suite, sik, CONST_1), aesKey: hmac(suite, sik, CONST_2).slice(0, 16) };
}

/** The AuthCode that closes an authenticated packet: the HMAC under K1, truncated. */
export function authCode(suite: CipherSuite, keys: SessionKeys, signed: Uint8Array): Uint8Array {
  return hmac(suite, keys.k1, signed).slice(0, suite.integrityLength);
}

/**
 * AES-CBC-128 payload (IPMI 2.0 §13.29): a random IV, then the data padded with 1, 2, 3, …
 * and the pad length so the whole is a multiple of the 16-byte block.
 */
export function encryptPayload(keys: SessionKeys, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const padLength = (16 - ((data.length + 1) % 16)) % 16;
  const plain = new Uint8Array(data.length + padLength + 1);
  plain.set(data);
  for (let i = 0; i < padLength; i++) plain[data.length + i] = i + 1;
  plain[plain.length - 1] = padLength;
  const c = createCipheriv('aes-128-cbc', keys.aesKey, iv).setAutoPadding(false);
  return concat(iv, new Uint8Array(c.update(plain)), new Uint8Array(c.final()));
}

/** The data inside an encrypted payload, or why it could not be read. Never throws. */
export function decryptPayload(keys: SessionKeys, payload: Uint8Array): Uint8Array | string {
  if (payload.length < 32 || payload.length % 16 !== 0)
    return `encrypted payload of ${payload.length} bytes is not an IV and whole AES blocks`;
  const d = createDecipheriv('aes-128-cbc', keys.aesKey, payload.subarray(0, 16)).setAutoPadding(false);
  const plain = concat(new Uint8Array(d.update(payload.subarray(16))), new Uint8Array(d.final()));
  const padLength = plain[plain.length - 1]!;
  if (padLength > 15) return `confidentiality pad length ${padLength} is over 15`;
  const end = plain.length - 1 - padLength;
  for (let i = 0; i < padLength; i++)
    if (plain[end + i] !== i + 1) return 'confidentiality pad is not 1, 2, 3, …: wrong key or corrupt data';
  return plain.slice(0, end);
}
