/**
 * The lease watch on a 3-member etcd cluster: a server whose watch loses its member goes on from
 * another where it left off (no rereading every lease), and rereads everything only when etcd
 * has compacted the history it missed.
 */
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { type EtcdCluster, startEtcdCluster } from '@paddock/testkit';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Lease } from '../../leases/lease.ts';
import { LeaseTable } from '../../leases/lease-table.ts';
import { GroupCommit } from '../../server/group-commit.ts';
import { arbitraryLease } from '../lease-store-contract.ts';
import { EtcdLeaseStore } from './etcd-lease-store.ts';

let etcd: EtcdCluster;
const stores: EtcdLeaseStore[] = [];
beforeAll(async () => {
  etcd = await startEtcdCluster(3);
}, 60_000);
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await etcd?.close();
});

async function server(prefix: string, endpoints: string[]) {
  const store = await EtcdLeaseStore.open({ endpoints, prefix, site: 'lab' });
  stores.push(store);
  const table = new LeaseTable(store.load());
  store.follow((rows) => table.applyRemote(rows));
  return { store, table, commits: new GroupCommit(store, table) };
}

const lease = (address: number): Lease => ({
  ...fc.sample(arbitraryLease, 1)[0]!,
  ...{ address, clientKey: `c${address}`, state: 'bound', expiresAt: Date.now() + 3_600_000 },
});

async function until(what: string, ok: () => boolean, ms = 15_000): Promise<void> {
  for (const end = Date.now() + ms; !ok(); await sleep(20))
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
}

const endpoints = () => etcd.members.map((m) => m.endpoint);

it('the watch’s member killed: the server goes on from another member after the last revision it saw, rereading nothing', async () => {
  const [a, b] = [await server('/w/moved/', endpoints()), await server('/w/moved/', endpoints())];
  await a.commits.commit([lease(1)]);
  await until('b sees the first lease', () => b.table.get(1) !== undefined);
  await until('b names its watch member', () => b.store.watching !== undefined);
  const member = etcd.members.find((m) => m.endpoint === b.store.watching)!;
  await member.stop(true);
  try {
    for (let address = 2; address <= 20; address++) await a.commits.commit([lease(address)]);
    await until('b has every lease a wrote', () => b.table.get(20) !== undefined);
    expect(b.store.watchMoves).toBe(1);
    expect(b.store.watching).not.toBe(member.endpoint);
    expect(b.store.reloads).toBe(0);
    for (let address = 1; address <= 20; address++) expect(b.table.get(address)?.clientKey).toBe(`c${address}`);
  } finally {
    await member.restart();
  }
}, 60_000);

it('cut off while etcd compacted what it missed: the server rereads every lease, once, and follows on', async () => {
  const [m0, ...others] = etcd.members;
  const reachable = others.map((m) => m.endpoint);
  const a = await server('/w/compacted/', reachable);
  const b = await server('/w/compacted/', [m0!.endpoint]);
  await a.commits.commit([lease(1)]);
  await until('b sees the first lease', () => b.table.get(1) !== undefined);
  await m0!.stop(true);
  try {
    for (let address = 2; address <= 5; address++) await a.commits.commit([lease(address)]);
    const status = execFileSync('etcdctl', [`--endpoints=${reachable[0]}`, 'endpoint', 'status', '-w', 'json'], {
      encoding: 'utf8',
      env: { ETCDCTL_API: '3' },
    });
    const revision = (JSON.parse(status) as Array<{ Status: { header: { revision: number } } }>)[0]!.Status.header
      .revision;
    execFileSync('etcdctl', [`--endpoints=${reachable[0]}`, 'compact', String(revision)], {
      env: { ETCDCTL_API: '3' },
    });
  } finally {
    await m0!.restart();
  }
  await until('b has the leases written while it was cut off', () => b.table.get(5) !== undefined, 30_000);
  expect(b.store.reloads).toBe(1);
  await a.commits.commit([lease(6)]);
  await until('b follows on after rereading', () => b.table.get(6) !== undefined);
  expect(b.store.reloads).toBe(1);
}, 90_000);
