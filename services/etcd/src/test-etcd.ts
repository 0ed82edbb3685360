import { type EtcdCluster, startEtcdCluster } from '@paddock/testkit';
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll } from 'vitest';

/**
 * For this package's tests: a 3-member etcd started before the file's tests and stopped after
 * them, and clients on chosen members (a client on one member is cut off when it stops).
 */
export function useEtcdCluster(): { cluster(): EtcdCluster; client(endpoints: string[]): Etcd3 } {
  let etcd: EtcdCluster | undefined;
  const clients: Etcd3[] = [];
  beforeAll(async () => {
    etcd = await startEtcdCluster(3);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await etcd?.close();
  });
  return {
    cluster: () => etcd!,
    client: (endpoints) => {
      const c = new Etcd3({ hosts: endpoints.map((e) => `http://${e}`), dialTimeout: 1_000 });
      clients.push(c);
      return c;
    },
  };
}
