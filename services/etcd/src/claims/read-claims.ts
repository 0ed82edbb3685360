import type { Etcd3 } from 'etcd3';
import { prefixEnd } from '../election/read-roles.ts';
import { type ClaimRecord, claimsPrefix, decodeClaim } from './claim-key.ts';

export type ClaimRead = ClaimRecord | { machine: string; error: string };

/** Every machine claim under the prefix, in one read; a value that does not decode is named, not thrown. */
export async function readClaims(client: Etcd3, prefix: string, deadlineMs: number): Promise<ClaimRead[]> {
  const from = Buffer.from(claimsPrefix(prefix));
  const res = await client.kv.range({ key: from, range_end: prefixEnd(from) }, { deadline: Date.now() + deadlineMs });
  return res.kvs.map((kv) => {
    const machine = kv.key.toString().slice(from.length);
    const c = decodeClaim(kv.value.toString());
    if ('error' in c) return { machine, error: c.error };
    return { machine, ...c, fence: kv.create_revision };
  });
}
