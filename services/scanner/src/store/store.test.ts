import { openDatabase, watch as runtimeWatch, type WatchItem } from '@paddock/runtime';
import { describe, expect, it } from 'vitest';
import { EventLog } from './event-log.ts';
import { SCANNER_MIGRATIONS } from './migrations.ts';
import { scannerStoreContract } from './scanner-store-contract.ts';
import { sqliteScannerStore } from './sqlite-scanner-store.ts';

const memoryDb = () => openDatabase(':memory:', { migrations: SCANNER_MIGRATIONS });

function watch(log: EventLog<string>, fromRevision: number, state: string[], maxPending?: number) {
  const source = log.source(
    () => state,
    (p) => p,
  );
  return runtimeWatch(source, { fromRevision: BigInt(fromRevision), signal: new AbortController().signal, maxPending });
}

/** kind:revision:payload, kinds as numbers (1 RESET, 2 SNAPSHOT, 3 SYNCED, 4 CHANGE). */
const label = (e: WatchItem<string, string>) => `${e.watch.kind}:${e.watch.revision}:${e.snapshot ?? e.change ?? ''}`;

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
    const w = watch(log, 0, ['A-state']);
    expect((await take(w, 3)).map(label)).toEqual(['1:2:', '2:2:A-state', '3:2:']);
    const next = take(w, 2);
    log.append('b');
    other.append('y');
    log.append('c');
    expect((await next).map(label)).toEqual(['4:3:b', '4:5:c']);
    await w.return(undefined);

    // Disconnected after revision 3; meanwhile d happened. Resume replays c and d only.
    log.append('d');
    const again = watch(log, 3, ['ignored']);
    expect((await take(again, 3)).map(label)).toEqual(['4:5:c', '4:6:d', '3:6:']);
    await again.return(undefined);
  });

  it('answers an unknown or pruned revision with a fresh snapshot', async () => {
    const db = memoryDb();
    const log = new EventLog<string>(db, 'nodes', 10);
    for (let i = 0; i < 1000; i++) log.append(`e${i}`);
    expect(log.since(5)).toBeUndefined();
    expect(log.since(995)?.map((e) => e.payload)).toEqual(['e995', 'e996', 'e997', 'e998', 'e999']);
    const w = watch(log, 5, ['S']);
    // Compacted: RESET (kind 1) at the head, then the state.
    expect((await take(w, 2)).map(label)).toEqual(['1:1000:', '2:1000:S']);
    await w.return(undefined);
    const resumed = watch(log, 998, ['S']);
    expect((await take(resumed, 3)).map(label)).toEqual(['4:999:e998', '4:1000:e999', '3:1000:']);
    await resumed.return(undefined);
    const future = watch(log, 5000, ['S']);
    expect((await take(future, 1)).map(label)).toEqual(['1:1000:']);
    await future.return(undefined);
  });

  it('catches a watcher that fell behind up from the log, losing and repeating nothing', async () => {
    const db = memoryDb();
    const log = new EventLog<string>(db, 'nodes');
    const w = watch(log, 0, [], 5);
    await take(w, 2);
    for (let i = 0; i < 20; i++) log.append(`f${i}`);
    expect((await take(w, 20)).map(label)).toEqual(Array.from({ length: 20 }, (_, i) => `4:${i + 1}:f${i}`));
  });
});

scannerStoreContract(() => sqliteScannerStore(memoryDb()));
