import { HISTORY_LIMIT, type Lifecycle, type LifecycleEntry, type LifecycleState, type Source } from './node.ts';

/**
 * The lifecycle state machine, pure: what happened (an observation from a feed, or an
 * administrator's request) and the current lifecycle in, a verdict out. The caller writes the
 * verdict; nothing here reads a clock or a store.
 */
export type LifecycleInput =
  /** The firmware is network-booting: a PXE lease, a proxyDHCP answer, a boot file fetched. */
  | { kind: 'network-boot'; at: number; source: Source; reason: string }
  /** The booted system called its phone-home URL. */
  | { kind: 'phone-home'; at: number; source: Source; reason: string }
  /** The booted system enrolled with the keys service: it holds its own identity now. */
  | { kind: 'enrolled'; at: number; source: Source; reason: string }
  | { kind: 'powered-off'; at: number; source: Source; reason: string }
  /** A boot file the machine asked for could not be served. */
  | { kind: 'boot-failed'; at: number; source: Source; reason: string }
  /** An administrator's move: into maintenance, back out of it, or retirement. */
  | { kind: 'admin'; to: 'maintenance' | 'discovered' | 'retired'; at: number; reason: string };

export type LifecycleVerdict =
  | { kind: 'move'; entry: LifecycleEntry }
  | { kind: 'stay'; why: string }
  | { kind: 'refuse'; reason: string };

type Observation = Exclude<LifecycleInput, { kind: 'admin' }>['kind'];

/** Where each observation takes a node from each state; missing means it stays. */
const MOVES: Record<Observation, Partial<Record<LifecycleState, LifecycleState>>> = {
  'network-boot': { discovered: 'booting', ready: 'booting', off: 'booting', failed: 'booting' },
  'phone-home': { discovered: 'ready', booting: 'ready', off: 'ready', failed: 'ready' },
  enrolled: { discovered: 'ready', booting: 'ready', off: 'ready', failed: 'ready' },
  'powered-off': { booting: 'off', ready: 'off', failed: 'off' },
  'boot-failed': { discovered: 'failed', booting: 'failed', off: 'failed' },
};

export function decide(current: Lifecycle, input: LifecycleInput): LifecycleVerdict {
  if (input.kind === 'admin') return decideAdmin(current, input);
  const state = current.state;
  if (state === 'maintenance' || state === 'retired') return { kind: 'stay', why: `${state}: feeds do not move it` };
  // Feeds arrive on separate streams: a late PXE lease must not undo a phone-home seen first.
  if (input.at < current.since) return { kind: 'stay', why: `stale: older than the ${state} state` };
  const to = MOVES[input.kind][state];
  if (!to) return { kind: 'stay', why: `${input.kind} does not move a ${state} node` };
  return { kind: 'move', entry: { state: to, at: input.at, reason: input.reason, source: input.source } };
}

function decideAdmin(current: Lifecycle, input: Extract<LifecycleInput, { kind: 'admin' }>): LifecycleVerdict {
  const state = current.state;
  const entry: LifecycleEntry = { state: input.to, at: input.at, reason: input.reason || `set by hand`, source: 'api' };
  if (state === 'retired') {
    if (input.to === 'retired') return { kind: 'stay', why: 'already retired' };
    return { kind: 'refuse', reason: 'the node is retired: that is final (delete it instead)' };
  }
  if (input.to === state) return { kind: 'stay', why: `already ${state}` };
  if (input.to === 'discovered' && state !== 'maintenance' && state !== 'failed')
    return {
      kind: 'refuse',
      reason: `only a node in maintenance or failed goes back to discovered; this one is ${state}`,
    };
  return { kind: 'move', entry };
}

/**
 * Something worth the node's history that moves nothing (an enrolment refused: a token
 * replayed from another machine): an entry in the current state; `since` stays.
 */
export function addNote(current: Lifecycle, note: Omit<LifecycleEntry, 'state'>): Lifecycle {
  const history = [...current.history, { ...note, state: current.state }].slice(-HISTORY_LIMIT);
  return { ...current, history };
}

/** The lifecycle after a move, its history capped to the latest HISTORY_LIMIT entries. */
export function applyMove(current: Lifecycle, entry: LifecycleEntry): Lifecycle {
  const history = [...current.history, entry].slice(-HISTORY_LIMIT);
  return { state: entry.state, since: entry.at, history };
}

export function initialLifecycle(at: number, reason: string, source: Source): Lifecycle {
  return { state: 'discovered', since: at, history: [{ state: 'discovered', at, reason, source }] };
}
