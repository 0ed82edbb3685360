/**
 * Turns what one ARP scan saw into node state and change events, purely: a machine (a MAC) that
 * answers after being unknown or offline has appeared; one that answered before but not now,
 * for an address the scan covered, has disappeared; one answering for other addresses than
 * before changed IP; an address answered by two MACs is a conflict (or someone spoofing it).
 * A machine only one scan ever saw, and a later scan of its address did not, is forgotten
 * (`removed`): a spoofed reply is never confirmed, and must not stay a node for good.
 */
import { ipv4ToNumber } from '@paddock/wire';

export interface NodeState {
  mac: string;
  /** Ascending numerically. */
  ips: string[];
  online: boolean;
  conflict: boolean;
  firstSeenMs: number;
  lastSeenMs: number;
}

export type NodeChange =
  | { kind: 'appeared'; node: NodeState }
  | { kind: 'disappeared'; node: NodeState }
  | { kind: 'ip-changed'; node: NodeState; previousIps: string[] }
  | { kind: 'conflict'; node: NodeState; ip: string; otherMac: string }
  /** A second scan confirmed it, or its address is no longer contested: readers that wait for that learn it here. */
  | { kind: 'confirmed'; node: NodeState };

export interface ScanDiff {
  /** Every node whose stored state changes (last-seen times included). */
  nodes: NodeState[];
  changes: NodeChange[];
  /** MACs of unconfirmed nodes to forget (each also reported as disappeared). */
  removed: string[];
}

/** Seen by one scan only: its first and last sighting are the same scan. */
export const unconfirmed = (n: NodeState) => n.firstSeenMs === n.lastSeenMs;

/**
 * ARP replies are unauthenticated: a node only one scan has seen, or one answering for an
 * address another MAC also claims, may be made up by a spoofer. Confirmed once a second scan
 * sees it and the conflict is gone; the Node message carries this, and the inventory reads it.
 */
export const confirmed = (n: NodeState) => !n.conflict && !unconfirmed(n);

export const byAddress = (a: string, b: string) => ipv4ToNumber(a) - ipv4ToNumber(b);
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function group(pairs: ReadonlyArray<{ ip: string; mac: string }>, key: 'ip' | 'mac'): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const other = key === 'ip' ? 'mac' : 'ip';
  for (const p of pairs) {
    const list = out.get(p[key]) ?? [];
    if (!list.includes(p[other])) list.push(p[other]);
    out.set(p[key], list);
  }
  return out;
}

export function diffScan(
  previous: ReadonlyMap<string, NodeState>,
  sightings: ReadonlyArray<{ ip: string; mac: string }>,
  covered: (ip: string) => boolean,
  now: number,
): ScanDiff {
  const nodes: NodeState[] = [];
  const changes: NodeChange[] = [];
  const removed: string[] = [];
  const macsByIp = group(sightings, 'ip');
  const seen = group(sightings, 'mac');
  for (const [mac, ipList] of [...seen].sort((a, b) => byAddress(a[1][0]!, b[1][0]!))) {
    const ips = [...ipList].sort(byAddress);
    const prev = previous.get(mac);
    const clash = ips.find((ip) => (macsByIp.get(ip)?.length ?? 0) > 1);
    const node: NodeState = {
      mac,
      ips,
      online: true,
      conflict: clash !== undefined,
      firstSeenMs: prev?.firstSeenMs ?? now,
      lastSeenMs: now,
    };
    nodes.push(node);
    if (!prev?.online) changes.push({ kind: 'appeared', node });
    else if (!sameList(prev.ips, ips)) changes.push({ kind: 'ip-changed', node, previousIps: prev.ips });
    else if (confirmed(node) && !confirmed(prev)) changes.push({ kind: 'confirmed', node });
    if (clash !== undefined && !prev?.conflict) {
      changes.push({ kind: 'conflict', node, ip: clash, otherMac: macsByIp.get(clash)!.find((m) => m !== mac)! });
    }
  }
  for (const prev of previous.values()) {
    if (!prev.online || seen.has(prev.mac) || !prev.ips.some(covered)) continue;
    const node = { ...prev, online: false, conflict: false };
    if (unconfirmed(prev)) removed.push(prev.mac);
    else nodes.push(node);
    changes.push({ kind: 'disappeared', node });
  }
  return { nodes, changes, removed };
}
