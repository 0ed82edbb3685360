import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { followChanges } from './follow-changes.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

it('reloads at each change, and a reload that failed again each second until it goes through', () => {
  let tell = () => {};
  const errors: string[] = [];
  let failing = 2;
  let reloads = 0;
  const f = followChanges(
    (onChange) => {
      tell = onChange;
    },
    () => {
      reloads++;
      if (failing-- > 0) throw new Error('etcd unreachable');
    },
    (err) => errors.push(err.message),
  );
  tell();
  expect([reloads, errors.length]).toEqual([1, 1]);
  vi.advanceTimersByTime(1_000);
  expect([reloads, errors.length]).toEqual([2, 2]);
  vi.advanceTimersByTime(1_000);
  expect(reloads).toBe(3);
  // Gone through: no more retries, only the next change reloads.
  vi.advanceTimersByTime(5_000);
  expect(reloads).toBe(3);
  tell();
  expect(reloads).toBe(4);
  // Closed: a failed reload is not tried again, and later changes are ignored.
  failing = 1;
  tell();
  f.close();
  vi.advanceTimersByTime(5_000);
  tell();
  expect(reloads).toBe(5);
});
