import { type EtcdCluster, startEtcd } from '@paddock/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testNode } from '../store-contract.ts';
import { EtcdStore } from './etcd-store.ts';

let etcd: EtcdCluster;
beforeAll(async () => {
  etcd = await startEtcd({ tls: true });
}, 30_000);
afterAll(() => etcd?.close());

it('keeps nodes on an etcd that wants TLS and a client certificate, and refuses without one', () => {
  const { ca, cert, key } = etcd.tls!;
  const endpoints = etcd.endpoints.split(',');
  const a = EtcdStore.open({ endpoints, tls: { ca, cert, key }, prefix: '/tls/', site: 'lab' });
  a.commit({ writes: [{ kind: 'put', node: testNode('a', 'alpha'), create: true }] });
  a.close();
  const b = EtcdStore.open({ endpoints, tls: { ca, cert, key }, prefix: '/tls/', site: 'lab' });
  expect(b.find('alpha')?.id).toBe('a');
  b.close();
  expect(() => EtcdStore.open({ endpoints, tls: { ca }, prefix: '/tls/', site: 'lab', timeoutMs: 1_000 })).toThrow(
    /cannot reach etcd at 127\.0\.0\.1:\d+/,
  );
});
