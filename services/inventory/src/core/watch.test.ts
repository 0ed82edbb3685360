import { type WatchItem, watch } from '@paddock/runtime';
import { describe, expect, it } from 'vitest';
import type { Node } from '../model/node.ts';
import type { Change } from '../store/store.ts';
import type { Inventory } from './inventory.ts';
import { createInput, testInventory } from './test-inventory.ts';
import { nodeSource } from './watch.ts';

type WatchEvent = WatchItem<Node, Change>;
const KIND = ['', 'reset', 'snapshot', 'synced'];
const label = (e: WatchEvent) => {
  const kind = e.change?.kind ?? KIND[e.watch.kind];
  const node = e.snapshot ?? e.change?.node;
  return `${kind}:${e.watch.revision}${node ? `:${node.name}` : ''}`;
};
const watchNodes = (inv: Inventory, fromRevision: bigint, signal: AbortSignal) =>
  watch(nodeSource(inv), { fromRevision, signal });

/** Collects events until `until` says stop, then ends the stream as a client would. */
async function take(gen: AsyncGenerator<WatchEvent>, stop: AbortController, n: number): Promise<string[]> {
  const out: string[] = [];
  for await (const e of gen) {
    out.push(label(e));
    if (out.length === n) {
      stop.abort();
      break;
    }
  }
  return out;
}

describe('watching nodes', () => {
  it('sends the current nodes, SYNCED, then each change', async () => {
    const { inv } = testInventory();
    await inv.create(createInput({ name: 'a' }));
    const stop = new AbortController();
    const events = take(watchNodes(inv, 0n, stop.signal), stop, 5);
    await new Promise((r) => setTimeout(r, 5));
    await inv.create(createInput({ name: 'b' }));
    await inv.delete('a');
    expect(await events).toEqual(['reset:1', 'snapshot:1:a', 'synced:1', 'created:2:b', 'deleted:3:a']);
  });

  it('resumes after a revision without gaps or repeats, even while writes continue', async () => {
    const { inv } = testInventory();
    for (const name of ['a', 'b', 'c']) await inv.create(createInput({ name }));
    const stop = new AbortController();
    const gen = watchNodes(inv, 1n, stop.signal);
    const first = await gen.next();
    // A write lands between the replay being read and the live part starting.
    await inv.create(createInput({ name: 'd' }));
    const rest = await take(gen, stop, 3);
    expect([label(first.value as WatchEvent), ...rest]).toEqual([
      'created:2:b',
      'created:3:c',
      'synced:3',
      'created:4:d',
    ]);
  });

  it('starts over with RESET when the revision cannot be resumed', async () => {
    const { inv } = testInventory();
    await inv.create(createInput({ name: 'a' }));
    const stop = new AbortController();
    expect(await take(watchNodes(inv, 99n, stop.signal), stop, 3)).toEqual(['reset:1', 'snapshot:1:a', 'synced:1']);
  });
});
