/**
 * The keys Watch on etcd, two servers on a 3-member cluster: a subscriber on one sees every
 * token and certificate change the other makes (and its own server's), each once, in etcd's
 * order; a revocation made on the other is told to the first's authority; a watch cut off
 * while etcd compacted what it missed reads every row again and appends only what moved, so a
 * subscriber resuming across the gap loses nothing.
 */
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { openSiteEtcd, type SyncEtcd } from '@paddock/etcd';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { watch } from '@paddock/runtime';
import { type EtcdCluster, startEtcdCluster } from '@paddock/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testCert, testToken } from '../key-store-contract.ts';
import type { KeyItem } from '../watched-key-store.ts';
import { EtcdKeyFeed } from './etcd-key-feed.ts';
import { EtcdKeyStore } from './etcd-key-store.ts';

let etcd: EtcdCluster;
const clients: SyncEtcd[] = [];
const stop = new AbortController();
beforeAll(async () => {
  etcd = await startEtcdCluster(3);
}, 60_000);
afterAll(async () => {
  stop.abort();
  for (const c of clients) c.close();
  await etcd?.close();
});

/** Waits until a put through `endpoint` goes through (a member killed may have been the leader). */
async function leaderElected(endpoint: string): Promise<void> {
  for (let tries = 1; ; tries++) {
    try {
      execFileSync('etcdctl', [`--endpoints=${endpoint}`, 'put', '/keys-feed/probe', 'x'], {
        env: { ETCDCTL_API: '3' },
        stdio: 'ignore',
      });
      return;
    } catch (err) {
      if (tries === 20) throw err;
      await sleep(500);
    }
  }
}

const all = () => etcd.members.map((m) => m.endpoint);

/** A server's keys store (and feed) on `endpoints`, as the keys module opens them. */
function server(prefix: string, endpoints: string[]) {
  const client = openSiteEtcd({ endpoints, prefix, site: 'lab', timeoutMs: 2_000 });
  clients.push(client);
  const revoked: string[] = [];
  const feed = new EtcdKeyFeed(client, prefix, { onRevoked: (certs) => revoked.push(...certs.map((c) => c.serial)) });
  return { store: new EtcdKeyStore(client, prefix), feed, revoked };
}

const KIND = Object.fromEntries(
  Object.entries(WatchEventKind).map(([k, v]) => [v, k.replace('WATCH_EVENT_KIND_', '')]),
);

const what = (i: KeyItem | undefined) =>
  i?.token
    ? `token ${i.token.id} ${i.token.state} ${i.token.outcome}`.trim()
    : `cert ${i?.cert?.serial}${i?.cert?.revokedAt !== undefined ? ' revoked' : ''}`;

/** Everything a subscriber to `feed` gets from `from` on, as it comes. */
function subscribe(feed: EtcdKeyFeed, from = 0n) {
  const got: { kind: string; revision: bigint; what?: string }[] = [];
  void (async () => {
    for await (const e of watch(feed.source(), { fromRevision: from, signal: stop.signal })) {
      const item = e.snapshot ?? e.change;
      got.push({
        kind: KIND[e.watch.kind]!,
        revision: e.watch.revision,
        ...(item && { what: what(item) }),
      });
    }
  })();
  return {
    got,
    changes: () => got.filter((g) => g.kind === 'CHANGE').map((g) => g.what),
  };
}

it("a subscriber on one server sees the other's enrolment and revocation, and its own server's token, each once", async () => {
  const prefix = '/keys-feed/two/';
  const a = server(prefix, all());
  a.store.addToken(testToken('t0', 'n0'));
  const b = server(prefix, all());
  const sub = subscribe(b.feed);
  await expect.poll(() => sub.got.map((g) => g.what ?? g.kind)).toEqual(['RESET', 'token t0 live', 'SYNCED']);

  a.store.addToken(testToken('t1', 'n1'));
  expect(a.store.takeToken('h-t1', 10)).toMatchObject({ kind: 'taken' });
  a.store.addCerts([testCert('01', 'n1')], { tokenId: 't1', outcome: 'enrolled' });
  b.store.addToken(testToken('t2', 'n2'));
  a.store.revokeCerts('n1', 20, 'lost');
  const expected = [
    'token t1 live',
    'token t1 used attempted',
    'token t1 used enrolled',
    'cert 01',
    'token t2 live',
    'cert 01 revoked',
  ];
  await expect.poll(() => sub.changes(), { timeout: 5_000 }).toEqual(expected);
  // Nothing more comes: no change is told twice (B's own write included).
  await sleep(500);
  expect(sub.changes()).toEqual(expected);
  const revisions = sub.got.filter((g) => g.kind === 'CHANGE').map((g) => g.revision);
  expect(new Set(revisions).size).toBe(revisions.length);
  expect(revisions).toEqual([...revisions].sort((x, y) => (x < y ? -1 : 1)));
  // The revocation reached B's authority once; A's feed saw it too (its own, echoed).
  expect(b.revoked).toEqual(['01']);
  await expect.poll(() => a.revoked).toEqual(['01']);
  // A later subscriber's snapshot is the state now.
  const late = subscribe(b.feed);
  await expect
    .poll(() =>
      late.got
        .filter((g) => g.kind === 'SNAPSHOT')
        .map((g) => g.what)
        .sort(),
    )
    .toEqual(['cert 01 revoked', 'token t0 live', 'token t1 used enrolled', 'token t2 live']);
});

it('cut off while etcd compacted what it missed: every row read again once, and a resumed subscriber gets what moved', async () => {
  const prefix = '/keys-feed/compacted/';
  const [m0, m1] = [etcd.members[0]!, etcd.members[1]!];
  const a = server(
    prefix,
    etcd.members.slice(1).map((m) => m.endpoint),
  );
  a.store.addToken(testToken('t1', 'n1'));
  a.store.addCerts([testCert('02', 'n1')]);
  // B knows member 0 only, so stopping it cuts B's watch off.
  const b = server(prefix, [m0.endpoint]);
  const first = subscribe(b.feed);
  await expect.poll(() => first.got.at(-1)?.kind).toBe('SYNCED');
  a.store.addToken(testToken('t2', 'n2'));
  await expect.poll(() => first.changes()).toEqual(['token t2 live']);
  const resumeAt = first.got.at(-1)!.revision;
  const reads = b.feed.reads;

  await m0.stop(true);
  try {
    await leaderElected(m1.endpoint);
    a.store.addToken(testToken('t3', 'n3'));
    expect(a.store.takeToken('h-t3', 10)).toMatchObject({ kind: 'taken' });
    a.store.revokeCerts('n1', 30, 'lost');
    const status = execFileSync('etcdctl', [`--endpoints=${m1.endpoint}`, 'endpoint', 'status', '-w', 'json'], {
      encoding: 'utf8',
      env: { ETCDCTL_API: '3' },
    });
    const revision = (JSON.parse(status) as Array<{ Status: { header: { revision: number } } }>)[0]!.Status.header
      .revision;
    execFileSync('etcdctl', [`--endpoints=${m1.endpoint}`, 'compact', String(revision)], { env: { ETCDCTL_API: '3' } });
  } finally {
    await m0.restart();
  }
  // The rows as they now are, each once: t3 taken (its live state was compacted away), 02 revoked.
  const after = ['token t2 live', 'cert 02 revoked', 'token t3 used attempted'];
  await expect.poll(() => first.changes(), { timeout: 30_000 }).toEqual(after);
  expect(b.feed.reads).toBe(reads + 1);
  expect(b.revoked).toEqual(['02']);
  // A subscriber that resumes from before the gap gets the same, with no RESET.
  const resumed = subscribe(b.feed, resumeAt);
  await expect.poll(() => resumed.got.at(-1)?.kind).toBe('SYNCED');
  expect(resumed.got.map((g) => g.kind)).not.toContain('RESET');
  expect(resumed.changes()).toEqual(after.slice(1));
  // And the watch follows on.
  a.store.addToken(testToken('t4', 'n4'));
  await expect.poll(() => first.changes(), { timeout: 5_000 }).toEqual([...after, 'token t4 live']);
  expect(b.feed.reads).toBe(reads + 1);
}, 90_000);
