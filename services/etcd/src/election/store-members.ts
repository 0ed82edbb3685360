import { Etcd3 } from 'etcd3';
import { connectOptions } from '../connect.ts';
import type { EtcdTls } from '../store-url.ts';

export interface StoreMember {
  id: string;
  name: string;
  clientUrls: string[];
  /** It answered a status call within the deadline. */
  healthy: boolean;
  /** It is the raft leader (as it says). */
  leader: boolean;
  /** Why it is not healthy. */
  error?: string;
}

/**
 * The etcd cluster's members, each asked on its own (a client per member endpoint), so a
 * dead member shows as unhealthy rather than hiding behind the others.
 */
export async function storeMembers(
  client: Etcd3,
  tls: EtcdTls | undefined,
  deadlineMs: number,
): Promise<StoreMember[]> {
  const list = await client.cluster.memberList({ linearizable: false }, { deadline: Date.now() + deadlineMs });
  return Promise.all(
    list.members.map(async (m): Promise<StoreMember> => {
      const base = { id: m.ID, name: m.name, clientUrls: m.clientURLs };
      const endpoints = m.clientURLs.map((u) => u.replace(/^https?:\/\//, ''));
      if (endpoints.length === 0) return { ...base, healthy: false, leader: false, error: 'not started yet' };
      const one = new Etcd3(connectOptions(endpoints, tls, deadlineMs));
      try {
        const s = await one.maintenance.status({ deadline: Date.now() + deadlineMs });
        return { ...base, healthy: true, leader: s.leader === m.ID };
      } catch (err) {
        return { ...base, healthy: false, leader: false, error: (err as Error).message };
      } finally {
        one.close();
      }
    }),
  );
}
