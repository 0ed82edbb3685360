import type { Etcd3 } from 'etcd3';

/**
 * One lease, granted and renewed by hand (etcd3's Lease object is not used: it reports a lost
 * lease only after twice its TTL without contact, while another server may already hold the
 * role after one TTL). Every call has a deadline, so a dead member never holds a renewal open.
 */
export async function grantLease(client: Etcd3, ttlSeconds: number, deadlineMs: number): Promise<string> {
  const res = await client.leaseClient.leaseGrant({ TTL: ttlSeconds }, { deadline: Date.now() + deadlineMs });
  return res.ID;
}

/** Renews the lease once; resolves to its remaining TTL in seconds (0: etcd no longer has it). */
export async function renewLease(client: Etcd3, id: string, deadlineMs: number): Promise<number> {
  const stream = await client.leaseClient.leaseKeepAlive({ deadline: Date.now() + deadlineMs });
  try {
    return await new Promise<number>((resolve, reject) => {
      stream.on('data', (res: { TTL: string }) => resolve(Number(res.TTL)));
      stream.on('error', reject);
      stream.on('end', () => reject(new Error('keepalive stream ended without an answer')));
      stream.write({ ID: id });
    });
  } finally {
    stream.end();
  }
}

/** Revokes the lease (its keys go at once); an error is ignored: the TTL ends it anyway. */
export async function revokeLease(client: Etcd3, id: string, deadlineMs: number): Promise<void> {
  await client.leaseClient.leaseRevoke({ ID: id }, { deadline: Date.now() + deadlineMs }).catch(() => {});
}
