import type { Etcd3 } from 'etcd3';

/**
 * Every store under a prefix writes the site id at `<prefix>site` the first time (create-only,
 * so two first starts agree on one) and refuses a prefix holding another site: two sites pointed
 * at one etcd by mistake must fail at start, not mix their leases and machines.
 */
export async function claimSite(client: Etcd3, prefix: string, site: string, deadlineMs: number): Promise<void> {
  const key = `${prefix}site`;
  const options = { deadline: Date.now() + deadlineMs };
  const res = await client.kv.txn(
    {
      compare: [{ key: Buffer.from(key), target: 'Create', result: 'Equal', create_revision: 0 }],
      success: [{ request_put: { key: Buffer.from(key), value: Buffer.from(site) } }],
      failure: [{ request_range: { key: Buffer.from(key) } }],
    },
    options,
  );
  if (res.succeeded) return;
  const held = res.responses[0]?.response_range?.kvs[0]?.value.toString();
  if (held !== site)
    throw new Error(
      `etcd prefix ${prefix} belongs to site ${JSON.stringify(held)}, not ${JSON.stringify(site)}: give each site its own prefix`,
    );
}
