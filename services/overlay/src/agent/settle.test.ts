import { describe, expect, it } from 'vitest';
import { Settle } from './settle.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('settle', () => {
  it('fires once for a burst, after it pauses', async () => {
    let fired = 0;
    const s = new Settle(() => fired++, 40, 10_000);
    for (let i = 0; i < 5; i++) {
      s.request();
      await sleep(5);
    }
    expect(fired).toBe(0);
    await s.idle();
    expect(fired).toBe(1);
    s.request();
    await s.idle();
    expect(fired).toBe(2);
  });

  it('fires within maxMs of the first request even if requests never pause', async () => {
    const times: number[] = [];
    const t0 = performance.now();
    const s = new Settle(() => times.push(performance.now() - t0), 50, 120);
    const end = performance.now() + 300;
    while (performance.now() < end) {
      s.request();
      await sleep(10);
    }
    await s.idle();
    expect(times.length).toBeGreaterThanOrEqual(2);
    expect(times[0]).toBeLessThan(200);
  });
});
