import { describe, expect, it } from 'vitest';
import { afterPoll, POLL_BACKOFF_CAP_MS, pollDue, spreadFor } from './poll-schedule.ts';

describe('poll schedule', () => {
  it('asks a node never asked at once, then every pollMs', () => {
    expect(pollDue(undefined, 0)).toBe(true);
    const s = afterPoll(undefined, 'observed', 1_000, 30_000);
    expect(s).toEqual({ nextAt: 31_000, failures: 0 });
    expect(pollDue(s, 30_999)).toBe(false);
    expect(pollDue(s, 31_000)).toBe(true);
  });

  it('backs off a BMC that fails to answer, up to the cap, and forgets on success', () => {
    let s = afterPoll(undefined, 'failed', 0, 30_000);
    expect(s).toEqual({ nextAt: 60_000, failures: 1 });
    s = afterPoll(s, 'failed', 0, 30_000);
    expect(s.nextAt).toBe(120_000);
    for (let i = 0; i < 30; i++) s = afterPoll(s, 'failed', 0, 30_000);
    expect(s.nextAt).toBe(POLL_BACKOFF_CAP_MS);
    expect(afterPoll(s, 'observed', 0, 30_000)).toEqual({ nextAt: 30_000, failures: 0 });
  });

  it('a busy BMC is asked again a round later, keeping its failures', () => {
    const s = afterPoll({ nextAt: 0, failures: 2 }, 'busy', 0, 30_000);
    expect(s).toEqual({ nextAt: 30_000, failures: 2 });
  });

  it('spreads nodes within a tenth of the interval, the same way every time', () => {
    const a = spreadFor('node-a', 30_000);
    expect(a).toBe(spreadFor('node-a', 30_000));
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(3_000);
    expect(new Set(['a', 'b', 'c', 'd', 'e'].map((id) => spreadFor(id, 30_000))).size).toBeGreaterThan(1);
  });
});
