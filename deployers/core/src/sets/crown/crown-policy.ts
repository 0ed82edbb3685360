/**
 * Crowning: what to do when a control-plane member is gone. Pure: it reads what was observed and
 * returns one decision with its reasons; the caller carries it out (see crown-set.ts).
 *
 * A member is dead when etcd has found it unhealthy for at least the grace time and no other
 * signal says it lives: a link on the overlay seen up disagrees (the host is there: its etcd
 * needs a restart, not a successor); the inventory's power state agrees when it is off and is
 * only noted when on (a hung system is powered on). Then one healthy worker (reachable over
 * SSH, its overlay link not seen down, not powered off) is crowned: added to etcd through the
 * membership policy (dead members removed first, never a step below quorum) and given the server
 * role. One decision per pass: a second dead member waits for the next pass.
 */
import { type ObservedMember, planMembership } from '../etcd/membership.ts';

export type Seen = 'up' | 'down' | 'unknown';
export type Power = 'on' | 'off' | 'unknown';

export interface HostSignals {
  name: string;
  /** The overlay link to it, as its peers or the overlay service see it. */
  overlay: Seen;
  power: Power;
}

export interface WorkerView extends HostSignals {
  /** It answered over SSH in this pass. */
  reachable: boolean;
}

export interface CrownInput {
  /** Control-plane members wanted. */
  want: number;
  graceMs: number;
  now: number;
  /** etcd's member list with health; undefined when no member answered. */
  members: ObservedMember[] | undefined;
  /** When each member was first seen unhealthy, by name (kept by the caller between passes). */
  unhealthySince: ReadonlyMap<string, number>;
  signals: ReadonlyMap<string, HostSignals>;
  /** Candidate hosts that are not members, in the order to prefer them. */
  workers: WorkerView[];
}

export type CrownDecision =
  | { kind: 'steady'; reasons: string[] }
  | { kind: 'wait'; reasons: string[] }
  | { kind: 'crown'; worker: string; replaces?: string; members: string[]; reasons: string[] }
  | { kind: 'refused'; reasons: string[] };

export function decideCrown(i: CrownInput): CrownDecision {
  if (!i.members || i.members.length === 0) return { kind: 'refused', reasons: ['no etcd member answered'] };
  const reasons: string[] = [];
  const dead: ObservedMember[] = [];
  for (const m of i.members.filter((x) => !x.healthy)) {
    const verdict = judge(i, m);
    reasons.push(verdict.reason);
    if (verdict.dead) dead.push(m);
  }
  const alive = i.members.filter((m) => !dead.includes(m)).map((m) => m.name);
  if (dead.length === 0 && i.members.length >= i.want) {
    return {
      kind: reasons.length ? 'wait' : 'steady',
      reasons: reasons.length ? reasons : [`${i.members.length} of ${i.want} members healthy`],
    };
  }
  const gone = dead[0];
  const worker = i.workers.find((w) => fit(w) === undefined);
  if (!worker) {
    const why = i.workers.map((w) => `${w.name}: ${fit(w)}`);
    return {
      kind: 'refused',
      reasons: [...reasons, `no healthy worker to crown${why.length ? ` (${why.join('; ')})` : ''}`],
    };
  }
  // Only the first dead member goes in this pass; the others stay until their own turn.
  const members = [...alive, ...dead.slice(1).map((m) => m.name), worker.name].filter((n) => n !== gone?.name);
  const plan = planMembership(members, i.members);
  if (plan.kind === 'refused') return { kind: 'refused', reasons: [...reasons, plan.reason] };
  const why = gone ? `replaces ${gone.name}` : `${i.members.length} members, ${i.want} wanted`;
  return {
    kind: 'crown',
    worker: worker.name,
    ...(gone ? { replaces: gone.name } : {}),
    members,
    reasons: [
      ...reasons,
      `${worker.name} is a healthy worker (reachable, overlay ${worker.overlay}, power ${worker.power}): ${why}`,
    ],
  };
}

function judge(i: CrownInput, m: ObservedMember): { dead: boolean; reason: string } {
  const name = m.name || m.id;
  const since = i.unhealthySince.get(m.name) ?? i.now;
  const secs = Math.round((i.now - since) / 1000);
  const s = i.signals.get(m.name);
  if (i.now - since < i.graceMs)
    return { dead: false, reason: `${name}: etcd unhealthy for ${secs} s of ${Math.round(i.graceMs / 1000)} s` };
  if (s?.overlay === 'up')
    return { dead: false, reason: `${name}: etcd unhealthy for ${secs} s, but its overlay link is up` };
  const power =
    s?.power === 'off' ? 'powered off' : s?.power === 'on' ? 'powered on (not taken as alive)' : 'power unknown';
  return {
    dead: true,
    reason: `${name}: dead (etcd unhealthy for ${secs} s, overlay ${s?.overlay ?? 'unknown'}, ${power})`,
  };
}

/** Why a worker cannot be crowned, or undefined when it can. */
function fit(w: WorkerView): string | undefined {
  if (!w.reachable) return 'not reachable over SSH';
  if (w.overlay === 'down') return 'its overlay link is down';
  if (w.power === 'off') return 'powered off';
  return undefined;
}
