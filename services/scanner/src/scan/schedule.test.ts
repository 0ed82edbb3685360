import { describe, expect, it } from 'vitest';
import { nextRunAt } from './schedule.ts';

describe('nextRunAt', () => {
  it('runs at once the first time, then an interval after each start, never in the past', () => {
    expect(nextRunAt(undefined, 60_000, 1000)).toBe(1000);
    expect(nextRunAt(1000, 60_000, 5000)).toBe(61_000);
    expect(nextRunAt(1000, 60_000, 90_000)).toBe(90_000);
  });
});
