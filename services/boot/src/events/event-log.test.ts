import { openDatabase, type WatchItem, watch } from '@paddock/runtime';
import { describe, expect, it } from 'vitest';
import { EVENT_MIGRATIONS } from '../store/schema.ts';
import { type BootEventRecord, EventLog } from './event-log.ts';

const log = (keep?: number) => new EventLog(openDatabase(':memory:', { migrations: EVENT_MIGRATIONS }), { keep });
const A = '52:54:00:00:00:0a';
const B = '52:54:00:00:00:0b';

async function take(it: AsyncIterator<WatchItem<BootEventRecord, BootEventRecord>>, n: number) {
  const out: WatchItem<BootEventRecord, BootEventRecord>[] = [];
  while (out.length < n) {
    const r = await it.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}
/** The event's revision for SNAPSHOT and CHANGE, `kind@revision` for the markers (1 RESET, 3 SYNCED). */
const revisions = (items: WatchItem<BootEventRecord, BootEventRecord>[]) =>
  items.map((i) => (i.snapshot ?? i.change)?.revision ?? `${i.watch.kind}@${i.watch.revision}`);
const watchLog = (l: EventLog, from: number, mac: string, signal: AbortSignal) =>
  watch(l.source(mac), { fromRevision: BigInt(from), signal })[Symbol.asyncIterator]();

describe('EventLog', () => {
  it('keeps long fields short and the whole log within its size budget', () => {
    const db = openDatabase(':memory:', { migrations: EVENT_MIGRATIONS });
    const l = new EventLog(db, { maxBytes: 1_000_000 });
    // 3000 read requests with 30 KB names and options: 180 MB of text as sent.
    for (let i = 0; i < 3000; i++) {
      l.record({ kind: 'tftp-request', ip: '10.0.0.9', file: `${i}`.padEnd(30_000, 'f'), detail: 'o'.repeat(30_000) });
    }
    const [last] = l.since(2999);
    expect(last!.file.length).toBeLessThanOrEqual(256);
    expect(last!.file.startsWith('2999')).toBe(true);
    expect(last!.detail.length).toBeLessThanOrEqual(512);
    const { text } = db
      .prepare(
        'SELECT SUM(length(mac) + length(ip) + length(file) + length(detail) + length(rule)) AS text FROM events',
      )
      .get() as { text: number };
    // Pruned every 1000 events: at most the budget plus the rows since the last prune.
    expect(text).toBeLessThanOrEqual(1_000_000 + 1000 * 900);
    expect(l.since(0).length).toBeGreaterThan(500);
  });

  it('sends history, SYNCED, then live events, for one MAC when asked', async () => {
    const l = log();
    l.record({ kind: 'proxy-offer', mac: A });
    l.record({ kind: 'proxy-offer', mac: B });
    l.record({ kind: 'tftp-request', mac: A, file: 'undionly.kpxe' });
    const stop = new AbortController();
    const it = watchLog(l, 0, A, stop.signal);
    expect(revisions(await take(it, 4))).toEqual(['1@3', 1, 3, '3@3']);
    l.record({ kind: 'tftp-complete', mac: B });
    l.record({ kind: 'tftp-complete', mac: A, bytes: 70_000, durationMs: 120 });
    const [live] = await take(it, 1);
    expect(live).toMatchObject({ change: { revision: 5, kind: 'tftp-complete', bytes: 70_000, durationMs: 120 } });
    stop.abort();
    expect((await it.next()).done).toBe(true);
  });

  it('resumes after a revision without gaps or duplicates, even with events racing the history read', async () => {
    const l = log();
    for (let i = 0; i < 5; i++) l.record({ kind: 'http-fetch', mac: A });
    const stop = new AbortController();
    const it = watchLog(l, 2, '', stop.signal);
    const first = await take(it, 1); // subscribed and reading history now
    l.record({ kind: 'http-fetch', mac: A }); // arrives while history is being sent
    const rest = await take(it, 4);
    expect(revisions([...first, ...rest])).toEqual([3, 4, 5, '3@5', 6]);
    stop.abort();
  });

  it('starts over with the kept events when the revision asked for was pruned', async () => {
    const l = log(10);
    for (let i = 0; i < 1500; i++) l.record({ kind: 'http-fetch', mac: A });
    const stop = new AbortController();
    const [reset] = await take(watchLog(l, 3, '', stop.signal), 1);
    expect(reset?.watch).toMatchObject({ kind: 1, revision: 1500n, resetReason: 2 });
    stop.abort();
  });

  it('keeps only the newest events, and never reuses a revision', () => {
    const l = log(10);
    for (let i = 0; i < 1500; i++) l.record({ kind: 'http-fetch', mac: A });
    const kept = l.since(0);
    expect(kept.length).toBeLessThanOrEqual(1000);
    expect(kept.at(-1)?.revision).toBe(1500);
    expect(l.record({ kind: 'phone-home', mac: A }).revision).toBe(1501);
  });
});
