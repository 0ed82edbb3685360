import { createHash } from 'node:crypto';
import type { Parsed } from './ssh-pubkey.ts';

/**
 * Bootstrap token text: "pdt-" + 20 Crockford base32 characters of secret (100 bits) + 4 check
 * characters (the first 20 bits of SHA-256 over the secret characters). The check lets a
 * client catch a mistyped or truncated token offline, before any network call; it adds no
 * secrecy. Crockford's alphabet reads I and L as 1 and O as 0, and ignores case and dashes.
 */
export const TOKEN_PREFIX = 'pdt-';
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SECRET_CHARS = 20;
const CHECK_CHARS = 4;
const MAX_INPUT = 256;

/** Makes token text from 13 random bytes (only the first 100 bits are used). */
export function formatToken(random: Uint8Array): string {
  if (random.length < 13) throw new RangeError('a token needs 13 random bytes');
  const secret = toBase32(random, SECRET_CHARS);
  return `${TOKEN_PREFIX}${secret}${check(secret)}`;
}

/** The canonical secret (the part that is hashed for storage), or why the text is not a token. */
export function parseToken(text: string): Parsed<string> {
  if (text.length > MAX_INPUT) return { ok: false, reason: `token is ${text.length} characters, far too long` };
  const trimmed = text.trim();
  if (!trimmed.toLowerCase().startsWith(TOKEN_PREFIX))
    return { ok: false, reason: `token must start with "${TOKEN_PREFIX}"` };
  const body = trimmed
    .slice(TOKEN_PREFIX.length)
    .replace(/[-\s]/g, '')
    .toUpperCase()
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  const bad = [...body].find((c) => !ALPHABET.includes(c));
  if (bad !== undefined)
    return { ok: false, reason: `token has a character that is not in its alphabet: ${JSON.stringify(bad)}` };
  const want = SECRET_CHARS + CHECK_CHARS;
  if (body.length !== want)
    return {
      ok: false,
      reason: `token has ${body.length} characters after "${TOKEN_PREFIX}", not ${want}: truncated or mistyped`,
    };
  const secret = body.slice(0, SECRET_CHARS);
  if (check(secret) !== body.slice(SECRET_CHARS))
    return { ok: false, reason: 'token check characters do not match: it was mistyped' };
  return { ok: true, value: secret };
}

/** What is stored instead of the token: SHA-256 of the canonical secret, hex. */
export function tokenHash(secret: string): string {
  return createHash('sha256').update(`paddock-bootstrap-token:${secret}`).digest('hex');
}

function check(secret: string): string {
  return toBase32(createHash('sha256').update(secret).digest(), CHECK_CHARS);
}

function toBase32(bytes: Uint8Array, chars: number): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += ALPHABET[(acc >> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length === chars) break;
  }
  return out;
}
