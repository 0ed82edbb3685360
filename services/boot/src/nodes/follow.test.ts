import { describe, expect, it } from 'vitest';
import { type FollowStatus, followNodes } from './follow.ts';
import { NodeCache, type NodeEvent } from './node-cache.ts';

const MAC = '52:54:00:00:00:01';
const worker: NodeEvent['node'] = { id: 'a', macs: [MAC], labels: { role: 'worker' }, bootRule: '' };

describe('following the inventory', () => {
  it('retries until it connects, resumes from the last revision, and never blocks a lookup', async () => {
    const cache = new NodeCache();
    const stop = new AbortController();
    const opened: bigint[] = [];
    const statuses: FollowStatus[] = [];
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    const feed = async function* (from: bigint): AsyncGenerator<NodeEvent> {
      opened.push(from);
      if (opened.length === 1) throw new Error('no Paddock server offering paddock.inventory.v1.InventoryService');
      if (opened.length === 2) {
        yield { kind: 'reset', revision: 3n };
        yield { kind: 'snapshot', revision: 3n, node: worker };
        yield { kind: 'synced', revision: 3n };
        yield { kind: 'updated', revision: 4n, node: { ...worker, bootRule: 'install' } };
        return; // the inventory went away
      }
      yield { kind: 'synced', revision: from };
      await held; // a live stream: nothing changes
    };
    const done = followNodes(cache, feed, stop.signal, (s) => statuses.push(s), { firstMs: 5, maxMs: 20 });
    expect(cache.nodeFor(MAC)).toBeUndefined();
    await expect.poll(() => opened.length).toBe(3);
    expect(opened).toEqual([0n, 0n, 4n]);
    expect(cache.nodeFor(MAC)).toEqual({ labels: { role: 'worker' }, bootRule: 'install' });
    await expect.poll(() => statuses.at(-1)?.connected).toBe(true);
    expect(statuses.map((s) => s.connected)).toEqual([false, true, false, true]);
    expect(statuses[0]?.lastError).toMatch(/no Paddock server/);
    stop.abort();
    release();
    await done;
  });

  it('takes a stream that goes silent for dead and resumes it from the cache revision', async () => {
    const cache = new NodeCache();
    const stop = new AbortController();
    const opened: bigint[] = [];
    const statuses: FollowStatus[] = [];
    const feed = async function* (from: bigint, signal: AbortSignal): AsyncGenerator<NodeEvent> {
      opened.push(from);
      if (opened.length === 1) {
        yield { kind: 'reset', revision: 7n };
        yield { kind: 'snapshot', revision: 7n, node: worker };
        yield { kind: 'synced', revision: 7n };
      } else {
        yield { kind: 'synced', revision: from };
        yield { kind: 'progress', revision: from };
      }
      // Then nothing, as from a peer that stopped without closing its socket, until given up.
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      throw new Error('cancelled');
    };
    const retry = { firstMs: 5, maxMs: 20, stallMs: 150 };
    const done = followNodes(cache, feed, stop.signal, (s) => statuses.push(s), retry);
    await expect.poll(() => opened.length, { timeout: 2_000 }).toBeGreaterThanOrEqual(2);
    expect(opened.slice(0, 2)).toEqual([0n, 7n]);
    expect(statuses[1]).toMatchObject({ connected: false, lastError: 'no message for 0.15 s' });
    expect(cache.nodeFor(MAC)).toEqual({ labels: { role: 'worker' }, bootRule: '' });
    stop.abort();
    await done;
  });
});
