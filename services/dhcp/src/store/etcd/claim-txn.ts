import type { Etcd3 } from 'etcd3';
import type { Claim, Kv } from './lease-etcd-wire.ts';

/** etcd's default --max-txn-ops is 128; a chunk stays well under it. */
const CHUNK = 64;
/** A claim whose key moved is lost; the others of its chunk are tried again this many times. */
const ATTEMPTS = 3;

/**
 * Claims addresses: each chunk is one transaction that writes every key only if each is still
 * at the mod revision the server decided on ("0": nobody ever held it). When another server
 * wrote one of them first, the transaction writes nothing and reads the keys instead; the
 * claims whose key moved are lost (with the value that won), the rest are tried again. A claim
 * is reported written only once etcd has committed it, i.e. it is on a quorum's disks.
 */
export async function claimTxn(
  client: Etcd3,
  claims: readonly Claim[],
  timeoutMs: number,
): Promise<{ written: Kv[]; lost: Kv[] }> {
  const chunks: Claim[][] = [];
  for (let i = 0; i < claims.length; i += CHUNK) chunks.push(claims.slice(i, i + CHUNK));
  const results = await Promise.all(chunks.map((c) => claimChunk(client, c, timeoutMs)));
  return { written: results.flatMap((r) => r.written), lost: results.flatMap((r) => r.lost) };
}

async function claimChunk(client: Etcd3, claims: Claim[], timeoutMs: number): Promise<{ written: Kv[]; lost: Kv[] }> {
  const lost: Kv[] = [];
  let todo = claims;
  for (let attempt = 0; attempt < ATTEMPTS && todo.length > 0; attempt++) {
    const res = await client.kv.txn(
      {
        compare: todo.map((c) => ({
          key: Buffer.from(c.key),
          target: 'Mod' as const,
          result: 'Equal' as const,
          mod_revision: c.basis,
        })),
        success: todo.map((c) => ({ request_put: { key: Buffer.from(c.key), value: Buffer.from(c.value) } })),
        failure: todo.map((c) => ({ request_range: { key: Buffer.from(c.key) } })),
      },
      { deadline: Date.now() + timeoutMs },
    );
    if (res.succeeded) {
      const mod = res.header.revision;
      return { written: todo.map((c) => ({ key: c.key, value: c.value, mod })), lost };
    }
    const next: Claim[] = [];
    todo.forEach((c, i) => {
      const now = res.responses[i]?.response_range?.kvs[0];
      const mod = now?.mod_revision ?? '0';
      if (mod === c.basis) next.push(c);
      else lost.push({ key: c.key, value: now?.value.toString(), mod });
    });
    todo = next;
  }
  // Still failing after the moved keys were set aside: treat the rest as lost too (never write blind).
  return { written: [], lost: [...lost, ...todo.map((c) => ({ key: c.key, value: undefined, mod: c.basis }))] };
}
