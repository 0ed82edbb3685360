import { openSiteEtcd, type SyncEtcd } from '@paddock/etcd';
import { useTestEtcd } from '@paddock/testkit/etcd-suite';
import { describe, expect, it } from 'vitest';
import { LiveConfig } from '../../config/live-config.ts';
import { parseDoc, subnetSchema } from '../../config/schema.ts';
import { configStoreContract } from '../config-store-contract.ts';
import { EtcdConfigStore } from './etcd-config-store.ts';

const etcd = useTestEtcd();
const subnet = (id: string, cidr: string) => parseDoc(subnetSchema, { id, cidr }, id);

describe('EtcdConfigStore', () => {
  // One connection for the contract (each store on a prefix of its own): a connection is a thread.
  let shared: SyncEtcd | undefined;
  configStoreContract(() => {
    shared ??= etcd.track(openSiteEtcd(etcd.storeOptions()));
    return new EtcdConfigStore(shared, etcd.storeOptions().prefix);
  });

  it('two servers: a subnet added on one is in the other’s running config once it refreshes; a broken set is refused', () => {
    const opts = etcd.storeOptions();
    const server = () => new LiveConfig(new EtcdConfigStore(etcd.track(openSiteEtcd(opts)), opts.prefix));
    const [a, b] = [server(), server()];
    let seen = 0;
    b.onChange(() => seen++);
    a.change('subnet', 'lab', subnet('lab', '10.9.0.0/24'));
    expect(b.current.subnet('lab')).toBeUndefined();
    expect(b.refresh()).toBe('reloaded');
    expect(b.current.subnet('lab')?.doc.cidr).toBe('10.9.0.0/24');
    expect(seen).toBe(1);
    expect(b.refresh()).toBe('same');
    // Written past the checks (by hand): an overlapping subnet. The running config stays.
    etcd.etcdctl(
      'put',
      `${opts.prefix}dhcp/config/subnet/wide`,
      JSON.stringify({ doc: { id: 'wide', cidr: '10.9.0.0/16' } }),
    );
    etcd.etcdctl('put', `${opts.prefix}dhcp/config/changed`, 'x');
    expect(b.refresh()).toEqual({ refused: expect.stringMatching(/overlap/) });
    expect(b.current.subnet('lab')).toBeDefined();
    expect(b.current.subnet('wide')).toBeUndefined();
  });
});
