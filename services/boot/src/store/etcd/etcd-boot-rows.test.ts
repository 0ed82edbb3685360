import { openSiteEtcd, type SyncEtcd } from '@paddock/etcd';
import { useTestEtcd } from '@paddock/testkit/etcd-suite';
import { describe, expect, it } from 'vitest';
import { bootRowsContract } from '../boot-rows-contract.ts';
import { ConfigStore } from '../config-store.ts';
import { EtcdBootRows } from './etcd-boot-rows.ts';

const etcd = useTestEtcd();

describe('EtcdBootRows', () => {
  // One connection for the contract (each store on a prefix of its own): a connection is a thread.
  let shared: SyncEtcd | undefined;
  bootRowsContract(() => {
    const { prefix } = etcd.storeOptions();
    shared ??= etcd.track(openSiteEtcd(etcd.storeOptions()));
    const client = shared;
    return { open: () => new EtcdBootRows(client, prefix) };
  });

  it('two servers: a rule put on one is in the other’s cache after its refresh; a damaged value is skipped', () => {
    const opts = etcd.storeOptions();
    const [ea, eb] = [etcd.track(openSiteEtcd(opts)), etcd.track(openSiteEtcd(opts))];
    const damaged: string[] = [];
    const [a, b] = [
      new ConfigStore(new EtcdBootRows(ea, opts.prefix)),
      new ConfigStore(new EtcdBootRows(eb, opts.prefix, (k) => damaged.push(k))),
    ];
    a.putRule({ name: 'from-a', priority: 1, action: { kind: 'ignore' } });
    expect(b.rules().map((r) => r.name)).not.toContain('from-a');
    expect(b.refresh()).toBe(true);
    expect(b.rules().map((r) => r.name)).toContain('from-a');
    etcd.etcdctl('put', `${opts.prefix}boot/scripts/broken`, 'not json');
    expect(b.scripts().map((s) => s.name)).toEqual(['default']);
    expect(damaged).toEqual([`${opts.prefix}boot/scripts/broken`]);
  });
});
