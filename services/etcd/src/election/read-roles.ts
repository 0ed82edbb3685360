import type { Etcd3 } from 'etcd3';
import { decodeHolder, type RoleRecord, rolesPrefix } from './role-key.ts';

/** Every role's holder under the prefix, in one read; a value that does not decode is named, not thrown. */
export async function readRoles(
  client: Etcd3,
  prefix: string,
  deadlineMs: number,
): Promise<(RoleRecord | { role: string; error: string })[]> {
  const from = rolesPrefix(prefix);
  const res = await client.kv.range(
    { key: Buffer.from(from), range_end: prefixEnd(Buffer.from(from)) },
    { deadline: Date.now() + deadlineMs },
  );
  return res.kvs.map((kv) => {
    const role = kv.key.toString().slice(from.length);
    const h = decodeHolder(kv.value.toString());
    if ('error' in h) return { role, error: h.error };
    return { role, ...h, fence: kv.create_revision, lease: kv.lease };
  });
}

/** The first key after every key starting with `p` (etcd's range end for a prefix). */
export function prefixEnd(p: Buffer): Buffer {
  const end = Buffer.from(p);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]!++;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}
