import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
import { type EtcdCluster, type EtcdStartOptions, startEtcd } from './etcd.ts';

export interface TestEtcd {
  cluster(): EtcdCluster;
  /** Where a store under test opens: the member, a prefix no other store of the file uses, site `lab`. */
  storeOptions(): { endpoints: string[]; prefix: string; site: string };
  /** Closes `store` after the file's tests, before etcd stops. */
  track<T extends { close(): unknown }>(store: T): T;
  /** Debian's etcdctl against the member: what is really stored, seen from outside Paddock. */
  etcdctl(...args: string[]): string;
}

/**
 * For a test file of a store on etcd: one member started before its tests and stopped after them,
 * so every store contract suite (leases, inventory, keys, boot…) sets up the same way. A subpath
 * export of its own (`@paddock/testkit/etcd-suite`), since it needs vitest's runner and benchmarks
 * import the rest of the kit.
 */
export function useTestEtcd(opts: EtcdStartOptions = {}): TestEtcd {
  let etcd: EtcdCluster | undefined;
  const opened: Array<{ close(): unknown }> = [];
  let next = 0;
  beforeAll(async () => {
    etcd = await startEtcd(opts);
  }, 30_000);
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await etcd?.close();
  });
  const cluster = () => {
    if (!etcd) throw new Error('etcd is not started yet: use it inside a test or a beforeAll');
    return etcd;
  };
  return {
    cluster,
    storeOptions: () => ({
      endpoints: cluster().endpoints.split(','),
      prefix: `/paddock-test/${next++}/`,
      site: 'lab',
    }),
    track: (store) => {
      opened.push(store);
      return store;
    },
    etcdctl: (...args) =>
      execFileSync('etcdctl', [`--endpoints=${cluster().endpoints}`, ...args], {
        encoding: 'utf8',
        env: { ETCDCTL_API: '3' },
      }),
  };
}
