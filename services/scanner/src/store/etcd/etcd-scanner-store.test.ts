import { openSiteEtcd } from '@paddock/etcd';
import { useTestEtcd } from '@paddock/testkit/etcd-suite';
import { describe, expect, it } from 'vitest';
import { scannerStoreContract } from '../scanner-store-contract.ts';
import { etcdScannerStore } from './etcd-scanner-store.ts';

const etcd = useTestEtcd();

describe('scanner store on etcd', () => {
  // Each store of the contract on a prefix of its own.
  scannerStoreContract(() => {
    const o = etcd.storeOptions();
    return etcd.track(etcdScannerStore(openSiteEtcd(o), o.prefix));
  });

  it('skips and reports a value under its prefix that is not what the key says', () => {
    const o = etcd.storeOptions();
    const damaged: string[] = [];
    const s = etcd.track(etcdScannerStore(openSiteEtcd(o), o.prefix, (key) => damaged.push(key)));
    s.nodes.save([
      { mac: 'aa:00:00:00:00:01', ips: ['10.0.0.1'], online: true, conflict: false, firstSeenMs: 1, lastSeenMs: 2 },
    ]);
    etcd.etcdctl('put', `${o.prefix}scanner/nodes/aa:00:00:00:00:02`, 'not json');
    etcd.etcdctl(
      'put',
      `${o.prefix}scanner/nodes/aa:00:00:00:00:03`,
      JSON.stringify({ mac: 'ff:ff:ff:ff:ff:ff', ips: [], lastSeenMs: 1 }),
    );
    etcd.etcdctl('put', `${o.prefix}scanner/ports/10.0.0.1/1/00022`, '{}');
    expect([...s.nodes.all().keys()]).toEqual(['aa:00:00:00:00:01']);
    expect(s.nodes.openPorts(['10.0.0.1'])).toEqual([]);
    expect(damaged).toEqual([
      `${o.prefix}scanner/nodes/aa:00:00:00:00:02`,
      `${o.prefix}scanner/nodes/aa:00:00:00:00:03`,
      `${o.prefix}scanner/ports/10.0.0.1/1/00022`,
    ]);
  });
});
