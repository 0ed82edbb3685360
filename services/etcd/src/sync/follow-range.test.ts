/**
 * SyncEtcd.watch on a 3-member etcd cluster: a watch whose member dies goes on from another
 * after the last revision it delivered, with no spare reload; only a gap etcd compacted while
 * the watch was cut off makes the owner read everything again, once.
 */
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { type EtcdCluster, startEtcdCluster } from '@paddock/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SyncEtcd } from './sync-etcd.ts';

let etcd: EtcdCluster;
const clients: SyncEtcd[] = [];
beforeAll(async () => {
  etcd = await startEtcdCluster(3);
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.close();
  await etcd?.close();
});

/** etcdctl against one member, tried again while the cluster elects a leader after a kill. */
async function etcdctl(endpoint: string, ...args: string[]): Promise<string> {
  for (let tries = 1; ; tries++) {
    try {
      return execFileSync('etcdctl', [`--endpoints=${endpoint}`, ...args], {
        encoding: 'utf8',
        env: { ETCDCTL_API: '3' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (err) {
      if (tries === 20) throw err;
      await sleep(500);
    }
  }
}

/** A client's watch of `key`: how often it told of a change, and the members it watched on. */
function watched(endpoints: string[], key: string) {
  const client = new SyncEtcd(endpoints, 2_000);
  clients.push(client);
  const w = { calls: 0, members: [] as string[], causes: [] as (string | undefined)[] };
  client.watch(
    key,
    () => w.calls++,
    (endpoint, cause) => {
      w.members.push(endpoint);
      w.causes.push(cause);
    },
  );
  return w;
}

it('its member killed, the watch goes on from another and tells of each change once, reading nothing again', async () => {
  const w = watched(
    etcd.members.map((m) => m.endpoint),
    '/w/moved',
  );
  await expect.poll(() => [w.calls, w.members.length], { timeout: 10_000 }).toEqual([1, 1]);
  const member = etcd.members.find((m) => m.endpoint === w.members[0])!;
  const other = etcd.members.find((m) => m !== member)!;
  await etcdctl(other.endpoint, 'put', '/w/moved', '1');
  await expect.poll(() => w.calls, { timeout: 5_000 }).toBe(2);
  await member.stop(true);
  try {
    await expect.poll(() => w.members.length, { timeout: 20_000, interval: 50 }).toBe(2);
    expect(w.members[1]).not.toBe(member.endpoint);
    expect(w.causes[1]).toContain(member.endpoint);
    // Written after the watch moved; and one write while it may still be moving.
    await etcdctl(other.endpoint, 'put', '/w/moved', '2');
    await expect.poll(() => w.calls, { timeout: 5_000 }).toBe(3);
    await sleep(1_000);
    expect(w.calls).toBe(3);
  } finally {
    await member.restart();
  }
}, 60_000);

it('cut off while etcd compacted what it missed: one reload, then later changes', async () => {
  const [m0, m1] = [etcd.members[0]!, etcd.members[1]!];
  // The client knows only member 0, so stopping it cuts the watch off.
  const w = watched([m0.endpoint], '/w/compacted');
  await expect.poll(() => w.calls, { timeout: 10_000 }).toBe(1);
  await etcdctl(m1.endpoint, 'put', '/w/compacted', '1');
  await expect.poll(() => w.calls, { timeout: 5_000 }).toBe(2);

  await m0.stop(true);
  // Two changes, written and compacted away while the client was cut off.
  await etcdctl(m1.endpoint, 'put', '/w/compacted', '2');
  await etcdctl(m1.endpoint, 'put', '/w/compacted', '3');
  const rev = /"revision":(\d+)/.exec(await etcdctl(m1.endpoint, 'put', '/w/other', 'x', '-w', 'json'))![1]!;
  await etcdctl(m1.endpoint, 'compact', rev);
  await m0.restart();
  await expect.poll(() => w.calls, { timeout: 20_000, interval: 100 }).toBe(3);
  await sleep(1_000);
  expect(w.calls).toBe(3);
  // And the watch follows later changes.
  await etcdctl(m1.endpoint, 'put', '/w/compacted', '4');
  await expect.poll(() => w.calls, { timeout: 5_000 }).toBe(4);
}, 60_000);
