import { prefixEnd } from '@paddock/etcd';
import { z } from 'zod';
import type { CertRow, TokenRow } from '../key-store.ts';

/**
 * Where the keys service's records live under a site's prefix:
 *   keys/tokens/<id>           a bootstrap token's row (its hash, never the token)
 *   keys/token-hashes/<hash>   the id of the token with this hash (unique, as SQLite's UNIQUE)
 *   keys/certs/<serial>        an issued certificate's row, revocation included
 *   keys/authority/<file>      the authorities' files, private keys sealed (see shared-authorities.ts)
 * Every server watches keys/certs/ and keys/tokens/ (etcd-key-feed.ts).
 */
export function keyRecordKeys(prefix: string) {
  const p = `${prefix}keys/`;
  const range = (dir: string) => ({ key: `${p}${dir}/`, end: prefixEnd(`${p}${dir}/`) });
  return {
    token: (id: string) => `${p}tokens/${id}`,
    tokens: range('tokens'),
    hash: (hash: string) => `${p}token-hashes/${hash}`,
    cert: (serial: string) => `${p}certs/${serial}`,
    certs: range('certs'),
    authority: (file: string) => `${p}authority/${file}`,
    authorities: range('authority'),
  };
}

export type KeyRecordKeys = ReturnType<typeof keyRecordKeys>;

const optionalNumber = z
  .number()
  .nullable()
  .transform((v) => v ?? undefined);

const tokenSchema = z.object({
  id: z.string().min(1),
  hash: z.string().min(1),
  node: z.string(),
  addresses: z.array(z.string()),
  createdAt: z.number(),
  expiresAt: z.number(),
  state: z.enum(['live', 'used', 'revoked']),
  usedAt: optionalNumber,
  outcome: z.string(),
});

const certSchema = z.object({
  serial: z.string().min(1),
  kind: z.enum(['x509', 'ssh-host', 'ssh-user']),
  role: z.string(),
  subject: z.string(),
  principals: z.array(z.string()),
  publicKey: z.string(),
  notBefore: z.number(),
  notAfter: z.number(),
  issuedAt: z.number(),
  tokenId: z.string(),
  revokedAt: optionalNumber,
  revokeReason: z.string(),
});

/** A row as JSON; `undefined` fields are written as null so every record has every field. */
export function encodeRow(row: TokenRow | CertRow): string {
  return JSON.stringify(row, (_k, v) => (v === undefined ? null : v));
}

export function decodeToken(text: string): TokenRow | { error: string } {
  return decode(tokenSchema, text);
}

export function decodeCert(text: string): CertRow | { error: string } {
  return decode(certSchema, text);
}

function decode<T>(schema: z.ZodType<T>, text: string): T | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { error: 'not JSON' };
  }
  const r = schema.safeParse(json);
  return r.success ? r.data : { error: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
}
