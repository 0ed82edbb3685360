import { expect, it } from 'vitest';
import { ClaimBasis } from './claim-basis.ts';

it('pins the revision a decision saw, even when a newer one arrives before the claim', () => {
  const b = new ClaimBasis();
  b.see(5, 10n);
  b.note(5);
  b.see(5, 11n); // another server's write lands between decision and flush
  expect(b.take(5)).toBe(10n); // so the claim fails rather than overwrite it
  b.settle(5, 11n, false);
  b.note(5);
  expect(b.take(5)).toBe(11n);
});

it('a decision on top of our own claim in flight compares against that claim’s outcome', () => {
  const b = new ClaimBasis();
  b.note(1);
  expect(b.take(1)).toBe(0n); // never written
  b.note(1); // decided again while the first claim is in flight
  b.settle(1, 20n, true);
  expect(b.take(1)).toBe(20n);
});

it('a decision on top of a lost claim can never be claimed', () => {
  const b = new ClaimBasis();
  b.note(1);
  b.take(1);
  b.note(1);
  b.settle(1, 30n, false);
  expect(b.take(1)).toBe(-1n);
});

it('ignores revisions older than what it knows', () => {
  const b = new ClaimBasis();
  expect(b.see(2, 5n)).toBe(true);
  expect(b.see(2, 4n)).toBe(false);
  expect(b.known(2)).toBe(5n);
});
