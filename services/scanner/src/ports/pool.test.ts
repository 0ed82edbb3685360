import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runPool } from './pool.ts';

describe('runPool', () => {
  it('does every item once with no more than `concurrency` in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    await runPool(
      Array.from({ length: 50 }, (_, i) => i),
      7,
      async (i) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await delay(i % 3);
        done.push(i);
        inFlight--;
      },
    );
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(most).toBe(7);
  });

  it('stops taking items once aborted', async () => {
    const ac = new AbortController();
    let n = 0;
    await runPool(
      Array.from({ length: 100 }, (_, i) => i),
      2,
      async () => {
        if (++n === 10) ac.abort();
        await delay(1);
      },
      ac.signal,
    );
    expect(n).toBeLessThan(13);
  });
});
