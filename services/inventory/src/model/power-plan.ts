import type { Power, PowerState } from './node.ts';

/**
 * Desired against observed power, pure: what the reconciler should do for one node now, and
 * how a node's power record changes after an attempt. Failures back off exponentially so a
 * provider that keeps failing (bridge gone, machine unplugged) is not hammered.
 */
export type PowerVerdict =
  | { kind: 'none'; why: string }
  | { kind: 'act'; action: 'on' | 'off' }
  | { kind: 'wait'; until: number };

export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

export function backoffMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(20, failures - 1));
}

export function planPower(power: Power, now: number): PowerVerdict {
  if (power.desired === 'unknown') return { kind: 'none', why: 'no desired power' };
  if (power.observed === power.desired) return { kind: 'none', why: `already ${power.desired}` };
  // Without an observation there is nothing to correct (a metal machine no feed has seen):
  // acting blindly would send a wake or a shutdown on every pass.
  if (power.observed === 'unknown') return { kind: 'none', why: 'observed power unknown' };
  if (power.nextAttemptAt > now) return { kind: 'wait', until: power.nextAttemptAt };
  return { kind: 'act', action: power.desired };
}

/** A new observation; `changedAt` moves only when the observed state changes. */
export function observe(power: Power, observed: PowerState, now: number): Power {
  // The same state again changes nothing: a write per node per pass would flood watchers.
  if (observed === power.observed) return power;
  return { ...power, observed, observedAt: now, changedAt: now };
}

/**
 * After a successful action: the error is cleared, and the reconciler leaves the node alone for
 * `settleMs` so a machine that is still starting (or a wake still on its way) is not acted on
 * twice.
 */
export function afterSuccess(power: Power, desired: PowerState, now: number, settleMs: number): Power {
  return { ...power, desired, lastError: '', failures: 0, nextAttemptAt: now + settleMs, changedAt: now };
}

export function afterFailure(power: Power, error: string, now: number): Power {
  const failures = power.failures + 1;
  return { ...power, lastError: error, failures, nextAttemptAt: now + backoffMs(failures) };
}
