import { parseStoreUrl } from '@paddock/etcd';
import { type EtcdCluster, startEtcd } from '@paddock/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EtcdLeaseStore } from './etcd-lease-store.ts';

let etcd: EtcdCluster;
const opened: EtcdLeaseStore[] = [];
beforeAll(async () => {
  etcd = await startEtcd({ tls: true });
}, 30_000);
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await etcd?.close();
});

/** Opens the lease store the way `--store URL` does. */
async function openUrl(url: string, prefix = '/tls/'): Promise<EtcdLeaseStore> {
  const t = parseStoreUrl(url);
  if ('error' in t || t.kind !== 'etcd') throw new Error(JSON.stringify(t));
  const s = await EtcdLeaseStore.open({ endpoints: t.endpoints, tls: t.tls, prefix, site: 'lab', timeoutMs: 3_000 });
  opened.push(s);
  return s;
}

it('keeps leases on an etcd that wants TLS and a client certificate (etcds://…?ca&cert&key)', async () => {
  const { ca, cert, key } = etcd.tls!;
  const url = `etcds://${etcd.endpoints}?ca=${ca}&cert=${cert}&key=${key}`;
  const store = await openUrl(url);
  const row = {
    ...{ address: 0x0a000005, clientKey: '01aa', mac: 'aa', clientId: '', hostname: 'h', subnetId: 's' },
    ...{ state: 'bound' as const, startsAt: 1, expiresAt: 2, revision: 1, relay: '', interface: 'eth0' },
    ...{ vendorClass: '', architecture: -1 },
  };
  await store.commit([row]);
  expect((await openUrl(url)).load()).toEqual([row]);
});

it('refuses, saying so, without a client certificate, over plain etcd://, or with a missing CA file', async () => {
  const { ca } = etcd.tls!;
  await expect(openUrl(`etcds://${etcd.endpoints}?ca=${ca}`, '/no-cert/')).rejects.toThrow(
    /cannot open the lease store: etcd at 127\.0\.0\.1:\d+/,
  );
  await expect(openUrl(`etcd://${etcd.endpoints}`, '/plain/')).rejects.toThrow(/cannot open the lease store/);
  await expect(openUrl(`etcds://${etcd.endpoints}?ca=/nonexistent/ca.pem`, '/no-ca/')).rejects.toThrow(
    /cannot read the etcd CA \/nonexistent\/ca\.pem/,
  );
});
