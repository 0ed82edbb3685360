/**
 * What to do to an etcd cluster's membership, decided from what was observed. Pure.
 * The rule (etcd's runtime reconfiguration guide): never an action after which the healthy
 * members are fewer than the quorum (n/2 + 1) of the new size; remove dead members before
 * adding new ones, add one member at a time and wait until it is healthy.
 */
export interface ObservedMember {
  id: string;
  name: string;
  peerUrl: string;
  healthy: boolean;
}

export type MembershipPlan =
  | { kind: 'bootstrap'; members: string[] }
  | { kind: 'change'; remove: ObservedMember[]; add: string[]; keep: string[] }
  | { kind: 'refused'; reason: string };

export const quorum = (size: number): number => Math.floor(size / 2) + 1;

export function planMembership(
  desired: readonly string[],
  observed: readonly ObservedMember[] | undefined,
): MembershipPlan {
  if (desired.length === 0) return { kind: 'refused', reason: 'no members' };
  if (!observed || observed.length === 0) return { kind: 'bootstrap', members: [...desired] };
  const want = new Set(desired);
  // Dead members first: removing one never lowers the healthy count, and lowers the quorum.
  const remove = observed.filter((m) => !want.has(m.name)).sort((a, b) => Number(a.healthy) - Number(b.healthy));
  const names = new Set(observed.map((m) => m.name));
  const add = desired.filter((n) => !names.has(n));
  let size = observed.length;
  let healthy = observed.filter((m) => m.healthy).length;
  if (healthy < quorum(size)) {
    return {
      kind: 'refused',
      reason: `the cluster has no quorum (${healthy} of ${size} members healthy): no membership change is safe`,
    };
  }
  for (const m of remove) {
    const after = size - 1;
    const healthyAfter = healthy - (m.healthy ? 1 : 0);
    if (after === 0 || healthyAfter < quorum(after)) {
      return {
        kind: 'refused',
        reason: `removing ${m.name} would leave ${healthyAfter} healthy of ${after}: below quorum`,
      };
    }
    size = after;
    healthy = healthyAfter;
  }
  for (const n of add) {
    // A new member counts in the quorum from `member add` on, before it has started.
    if (healthy < quorum(size + 1)) {
      return { kind: 'refused', reason: `adding ${n} would need ${quorum(size + 1)} healthy members, ${healthy} are` };
    }
    size++;
    healthy++;
  }
  return { kind: 'change', remove, add, keep: desired.filter((n) => names.has(n)) };
}
