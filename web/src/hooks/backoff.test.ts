import { describe, expect, it } from 'vitest';
import { backoffMs, sleep } from './backoff.ts';

describe('reconnect backoff', () => {
  it('doubles from half a second up to the cap', () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffMs(n))).toEqual([500, 1000, 2000, 4000, 10_000]);
  });

  it('wakes early when aborted', async () => {
    const abort = new AbortController();
    const started = Date.now();
    const slept = sleep(60_000, abort.signal);
    abort.abort();
    await slept;
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
