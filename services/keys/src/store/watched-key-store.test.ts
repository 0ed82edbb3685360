import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { type WatchItem, watch } from '@paddock/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeKeys, testAuthority } from '../server/testkit.ts';
import type { KeyItem } from './watched-key-store.ts';

let t: Awaited<ReturnType<typeof testAuthority>>;
beforeAll(async () => {
  t = await testAuthority();
});
afterAll(() => t.cleanup());

const KIND = Object.fromEntries(
  Object.entries(WatchEventKind).map(([k, v]) => [v, k.replace('WATCH_EVENT_KIND_', '')]),
);

const what = (e: WatchItem<KeyItem, KeyItem>) => {
  const i = e.snapshot ?? e.change;
  if (i?.token) return `token ${i.token.node} ${i.token.state} ${i.token.outcome}`.trim();
  if (i?.cert) return `${i.cert.kind} ${i.cert.subject}${i.cert.revokedAt ? ' revoked' : ''}`;
  return KIND[e.watch.kind];
};

async function take(gen: AsyncGenerator<WatchItem<KeyItem, KeyItem>>, n: number) {
  const out: WatchItem<KeyItem, KeyItem>[] = [];
  while (out.length < n) {
    const next = await gen.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

describe('the keys Watch', () => {
  it('sends the tokens and certificates, then each token issued, spent and revoked and each certificate issued and revoked', async () => {
    t.ka.createToken('before', []);
    const stop = new AbortController();
    const stream = watch(t.store.source(), { fromRevision: 0n, signal: stop.signal });
    expect((await take(stream, 3)).map(what)).toEqual(['RESET', 'token before live', 'SYNCED']);

    const { token } = t.ka.createToken('w-1', ['10.9.0.7']);
    await t.ka.enrol({ token, csr: nodeKeys(t.dir, 'w-1').csr });
    t.ka.createToken('w-2', []);
    t.ka.revoke('w-1', 'test');
    t.ka.revoke('w-2', 'test');
    const changes = await take(stream, 7);
    expect(changes.map(what)).toEqual([
      'token w-1 live',
      'token w-1 used attempted',
      'x509 w-1',
      'token w-1 used enrolled',
      'token w-2 live',
      'x509 w-1 revoked',
      'token w-2 revoked revoked',
    ]);
    const revisions = changes.map((e) => e.watch.revision);
    expect(revisions).toEqual([...revisions].sort((a, b) => (a < b ? -1 : 1)));

    // Resuming after the third change replays exactly the four after it.
    const again = watch(t.store.source(), { fromRevision: revisions[2]!, signal: stop.signal });
    expect((await take(again, 5)).map(what)).toEqual([...changes.slice(3).map(what), 'SYNCED']);
    stop.abort();
  });

  it('starts after any revision of an earlier run, so a client from before a restart gets a new snapshot', async () => {
    const stop = new AbortController();
    const old = t.store.revisions.head();
    const { WatchedKeyStore } = await import('./watched-key-store.ts');
    const restarted = new WatchedKeyStore(t.store, Date.now() + 1);
    expect(restarted.revisions.head()).toBeGreaterThan(old);
    const first = await take(watch(restarted.source(), { fromRevision: old, signal: stop.signal }), 1);
    expect(what(first[0]!)).toBe('RESET');
    stop.abort();
  });
});
