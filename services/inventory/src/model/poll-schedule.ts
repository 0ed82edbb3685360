/**
 * When the reconciler next asks a node's provider for its power, pure. Providers that are
 * cheap to ask (a local QEMU's QMP socket) are asked on every pass; a BMC is a small computer
 * that allows few sessions, so it is asked every `pollMs` (30 s by default, as rufio and MAAS
 * do), and a BMC that fails to answer is asked less and less often, up to POLL_BACKOFF_CAP_MS.
 */
export interface PollState {
  nextAt: number;
  failures: number;
}

export type PollOutcome = 'observed' | 'failed' | 'busy';

export const POLL_BACKOFF_CAP_MS = 10 * 60_000;
/** The first back-off step for providers asked on every pass (pollMs 0). */
export const POLL_BACKOFF_BASE_MS = 1_000;

/** Whether a node is due; a node never polled is due at once. */
export const pollDue = (s: PollState | undefined, now: number): boolean => !s || s.nextAt <= now;

/**
 * The schedule after one pass. `spreadMs` (0 to pollMs) offsets each node a little so a rack
 * of BMCs added together is not asked in the same instant on every round.
 */
export function afterPoll(
  s: PollState | undefined,
  outcome: PollOutcome,
  now: number,
  pollMs: number,
  spreadMs = 0,
): PollState {
  if (outcome === 'busy') return { nextAt: now + pollMs, failures: s?.failures ?? 0 };
  if (outcome === 'observed') return { nextAt: now + pollMs + spreadMs, failures: 0 };
  const failures = (s?.failures ?? 0) + 1;
  const wait = Math.min(POLL_BACKOFF_CAP_MS, Math.max(pollMs, POLL_BACKOFF_BASE_MS) * 2 ** Math.min(20, failures));
  return { nextAt: now + wait, failures };
}

/** A stable fraction of `pollMs` for a node id (FNV-1a), so the spread survives restarts. */
export function spreadFor(id: string, pollMs: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return Math.floor((h / 0x1_0000_0000) * pollMs * 0.1);
}
