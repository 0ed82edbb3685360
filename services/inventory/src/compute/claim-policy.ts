import { createHash } from 'node:crypto';
import { backoffMs } from '../model/power-plan.ts';

/**
 * Which machines a compute host claims and gives up (MetaStack: no central scheduler, each
 * host decides for itself and compare-and-swap picks one winner), pure. A machine is wanted
 * while it is a QEMU machine desired on and not retired. A host claims wanted machines that no
 * host holds, up to its capacity, in an order of its own (rendezvous hashing of host and
 * machine) so that hosts starting together try different machines first; it skips a machine
 * whose start failed here until its back-off ends, so another host gets to try it.
 */
export interface Machine {
  id: string;
  name: string;
  wanted: boolean;
}

export interface ClaimState {
  host: string;
  capacity: number;
  /** Machine id -> the host holding its claim, as etcd said at the last read. */
  claimed: ReadonlyMap<string, string>;
  /** The machines this host holds now (by its own clock). */
  held: ReadonlySet<string>;
  /** Machines whose start failed on this host: how often, and when it was last. */
  failures: ReadonlyMap<string, { count: number; at: number }>;
  /** Held machines whose start has just failed here: given up so another host may try. */
  failedHere: ReadonlySet<string>;
  now: number;
}

export interface ClaimVerdict {
  take: Machine[];
  release: { id: string; why: string }[];
}

export function planClaims(machines: readonly Machine[], s: ClaimState): ClaimVerdict {
  const byId = new Map(machines.map((m) => [m.id, m]));
  const release: ClaimVerdict['release'] = [];
  for (const id of s.held) {
    const m = byId.get(id);
    if (!m) release.push({ id, why: 'the machine was deleted' });
    else if (!m.wanted) release.push({ id, why: 'the machine is no longer desired on' });
    else if (s.failedHere.has(id)) release.push({ id, why: 'it failed to start here' });
  }
  const free = s.capacity - (s.held.size - release.length);
  const take = machines
    .filter((m) => m.wanted && !s.claimed.has(m.id) && !s.held.has(m.id) && !backingOff(s, m.id))
    .sort((a, b) => rank(s.host, a.id).localeCompare(rank(s.host, b.id)))
    .slice(0, Math.max(0, free));
  return { take, release };
}

function backingOff(s: ClaimState, id: string): boolean {
  const f = s.failures.get(id);
  return f !== undefined && s.now < f.at + backoffMs(f.count);
}

/** Rendezvous hashing: every host orders machines differently, and the same way every time. */
export function rank(host: string, machine: string): string {
  return createHash('sha256').update(`${host}\0${machine}`).digest('hex');
}
