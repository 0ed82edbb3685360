import { describe, expect, it } from 'vitest';
import type { Change } from '../store/store.ts';
import { testNode } from '../store/store-contract.ts';
import { ChangeHub, SubscriberTooSlow } from './hub.ts';
import { KeyedLock } from './keyed-lock.ts';

const change = (revision: bigint): Change => ({ kind: 'updated', revision, node: testNode('a', 'alpha') });

describe('ChangeHub', () => {
  it('delivers batches in order to every subscriber, and forgets those that leave', async () => {
    const hub = new ChangeHub();
    const stop = new AbortController();
    const a = hub.subscribe(stop.signal);
    const b = hub.subscribe();
    hub.publish([change(1n)]);
    hub.publish([change(2n), change(3n)]);
    const seen: bigint[] = [];
    for await (const batch of a) {
      seen.push(...batch.map((c) => c.revision));
      if (seen.length === 3) stop.abort();
    }
    expect(seen).toEqual([1n, 2n, 3n]);
    expect(hub.size).toBe(1);
    b.close();
    expect(hub.size).toBe(0);
  });

  it('ends a subscriber that falls too far behind with an error', async () => {
    const hub = new ChangeHub(2);
    const sub = hub.subscribe();
    hub.publish([change(1n), change(2n), change(3n)]);
    await expect(
      (async () => {
        for await (const _ of sub) {
          // draining
        }
      })(),
    ).rejects.toBeInstanceOf(SubscriberTooSlow);
    expect(hub.size).toBe(0);
  });
});

describe('KeyedLock', () => {
  it('runs operations on one key one after another, and different keys together', async () => {
    const lock = new KeyedLock();
    const order: string[] = [];
    const step = (name: string, ms: number) => async () => {
      order.push(`${name}+`);
      await new Promise((r) => setTimeout(r, ms));
      order.push(`${name}-`);
    };
    await Promise.all([lock.run('n1', step('a', 20)), lock.run('n1', step('b', 1)), lock.run('n2', step('c', 5))]);
    expect(order.indexOf('a-')).toBeLessThan(order.indexOf('b+'));
    expect(order.indexOf('c+')).toBeLessThan(order.indexOf('a-'));
    expect(lock.busy('n1')).toBe(false);
  });
});
