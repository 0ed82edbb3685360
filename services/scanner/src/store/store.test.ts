import { openDatabase } from '@paddock/runtime';
import { describe, expect, it } from 'vitest';
import { EventLog } from './event-log.ts';
import { SCANNER_MIGRATIONS } from './migrations.ts';
import { NodeTable } from './node-table.ts';
import { RecordTable } from './records.ts';
import { watchLog } from './watch.ts';

const memoryDb = () => openDatabase(':memory:', { migrations: SCANNER_MIGRATIONS });

type Msg = { kind: string; revision: number; value?: string };

function watch(log: EventLog<string>, fromRevision: number, state: string[], signal: AbortSignal) {
  return watchLog<string, Msg>({
    log,
    fromRevision,
    signal,
    snapshot: (revision) => state.map((value) => ({ kind: 'snapshot', revision, value })),
    marker: (kind, revision) => ({ kind, revision }),
    toMessage: (e) => ({ kind: 'change', revision: e.revision, value: e.payload }),
  });
}

async function take<T>(it: AsyncGenerator<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  while (out.length < n) {
    const r = await it.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

describe('event log and watch', () => {
  it('sends the state first, then each change; a resume from a seen revision has no gaps or duplicates', async () => {
    const db = memoryDb();
    const log = new EventLog<string>(db, 'nodes');
    const other = new EventLog<string>(db, 'wakes');
    log.append('a');
    other.append('x');
    const ac = new AbortController();
    const w = watch(log, 0, ['A-state'], ac.signal);
    const first = await take(w, 3);
    expect(first).toEqual([
      { kind: 'reset', revision: 2 },
      { kind: 'snapshot', revision: 2, value: 'A-state' },
      { kind: 'synced', revision: 2 },
    ]);
    const next = take(w, 2);
    log.append('b');
    other.append('y');
    log.append('c');
    const live = await next;
    expect(live).toEqual([
      { kind: 'change', revision: 3, value: 'b' },
      { kind: 'change', revision: 5, value: 'c' },
    ]);
    ac.abort();
    await w.return(undefined);

    // Disconnected after revision 3; meanwhile d happened. Resume replays c and d only.
    log.append('d');
    const again = watch(log, 3, ['ignored'], new AbortController().signal);
    expect(await take(again, 3)).toEqual([
      { kind: 'change', revision: 5, value: 'c' },
      { kind: 'change', revision: 6, value: 'd' },
      { kind: 'synced', revision: 6 },
    ]);
    await again.return(undefined);
  });

  it('answers an unknown or pruned revision with a fresh snapshot', async () => {
    const db = memoryDb();
    const log = new EventLog<string>(db, 'nodes', 10);
    for (let i = 0; i < 1000; i++) log.append(`e${i}`);
    expect(log.since(5)).toBeUndefined();
    expect(log.since(995)?.map((e) => e.payload)).toEqual(['e995', 'e996', 'e997', 'e998', 'e999']);
    const w = watch(log, 5, ['S'], new AbortController().signal);
    expect((await take(w, 1))[0]).toEqual({ kind: 'reset', revision: 1000 });
    await w.return(undefined);
    const future = watch(log, 5000, ['S'], new AbortController().signal);
    expect((await take(future, 1))[0]?.kind).toBe('reset');
    await future.return(undefined);
  });

  it('cuts off a watcher that falls too far behind, naming where to resume', async () => {
    const db = memoryDb();
    const log = new EventLog<string>(db, 'nodes');
    const w = watchLog<string, Msg>({
      log,
      fromRevision: 0,
      signal: new AbortController().signal,
      snapshot: () => [],
      marker: (kind, revision) => ({ kind, revision }),
      toMessage: (e) => ({ kind: 'change', revision: e.revision }),
      limit: 5,
    });
    await take(w, 2);
    for (let i = 0; i < 20; i++) log.append('flood');
    await expect(take(w, 30)).rejects.toThrow(/fell behind; resume from revision 5/);
  });
});

describe('tables', () => {
  it('keeps nodes and replaces only the scanned ranges of open ports', () => {
    const t = new NodeTable(memoryDb());
    const n = {
      mac: 'aa:bb:cc:dd:ee:ff',
      ips: ['10.0.0.2'],
      online: true,
      conflict: false,
      firstSeenMs: 1,
      lastSeenMs: 2,
    };
    t.save([n]);
    expect(t.get(n.mac)).toEqual(n);
    t.setOpenPorts(
      [{ ip: '10.0.0.2', protocol: 1, ranges: [[1, 65535]] }],
      [
        { ip: '10.0.0.2', port: 22, protocol: 1, service: 'ssh' },
        { ip: '10.0.0.2', port: 8080, protocol: 1, service: 'http-alt' },
      ],
      5,
    );
    t.setOpenPorts([{ ip: '10.0.0.2', protocol: 1, ranges: [[1, 1024]] }], [], 6);
    expect(t.openPorts(['10.0.0.2']).map((p) => p.port)).toEqual([8080]);
  });

  it('lists records newest first and prunes old ones', () => {
    const r = new RecordTable<{ id: string }>(memoryDb(), 'scan', 2);
    for (let i = 0; i < 4; i++) r.put(`s${i}`, i, { id: `s${i}` });
    r.put('s1', 1, { id: 's1-updated' });
    expect(r.get('s1')).toEqual({ id: 's1-updated' });
    r.prune();
    expect(r.list(10)).toEqual([{ id: 's3' }, { id: 's2' }]);
  });
});
