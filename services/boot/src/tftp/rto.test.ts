import { describe, expect, it } from 'vitest';
import { RtoEstimator } from './rto.ts';

describe('RtoEstimator', () => {
  const config = { initialMs: 1000, minMs: 50, maxMs: 4000 };

  it('starts at the initial value and follows RFC 6298 smoothing', () => {
    const e = new RtoEstimator(config);
    expect(e.rtoMs).toBe(1000);
    e.sample(100); // SRTT 100, RTTVAR 50 → 100 + 200
    expect(e.rtoMs).toBe(300);
    e.sample(100); // RTTVAR 37.5 → 100 + 150
    expect(e.rtoMs).toBe(250);
    expect(e.srttMs).toBe(100);
  });

  it('doubles on backoff, clamped to the bounds', () => {
    const e = new RtoEstimator(config);
    e.sample(1);
    expect(e.rtoMs).toBe(50);
    e.backoff();
    expect(e.rtoMs).toBe(100);
    for (let i = 0; i < 10; i++) e.backoff();
    expect(e.rtoMs).toBe(4000);
  });
});
