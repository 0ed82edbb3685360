/**
 * What one ARP scan may add to the node list. ARP has no authentication: anyone on the segment
 * can answer for every address with made-up MACs, and each accepted (address, MAC) pair would
 * become a node. So, purely: for an address several MACs answered for (one machine only owns
 * it; the others are suspected spoofing), the MACs already known keep it, else only the first
 * to answer is taken; and a scan adds at most `maxNew` machines never seen before. What is left
 * out is counted, and the contested addresses are reported.
 */
import type { NodeState } from './scan-diff.ts';

/** New machines one scan may add: a /22 of real hosts, far below what a flood would add. */
export const MAX_NEW_NODES_PER_SCAN = 1024;

export interface SightingFilter {
  kept: Array<{ ip: string; mac: string }>;
  /** Pairs left out: extra MACs for a contested address, or past the scan's limit of new nodes. */
  unconfirmed: number;
  /** Addresses answered by more than one MAC in this scan. */
  contested: string[];
}

export function filterSightings(
  previous: ReadonlyMap<string, NodeState>,
  sightings: ReadonlyArray<{ ip: string; mac: string }>,
  maxNew = MAX_NEW_NODES_PER_SCAN,
): SightingFilter {
  const macsByIp = new Map<string, string[]>();
  for (const s of sightings) {
    const list = macsByIp.get(s.ip) ?? [];
    if (!list.includes(s.mac)) list.push(s.mac);
    macsByIp.set(s.ip, list);
  }
  const contested = [...macsByIp].filter(([, macs]) => macs.length > 1).map(([ip]) => ip);
  const allowed = new Map<string, Set<string>>();
  for (const [ip, macs] of macsByIp) {
    const knownMacs = macs.filter((m) => previous.has(m));
    allowed.set(ip, new Set(macs.length === 1 ? macs : knownMacs.length > 0 ? knownMacs : [macs[0]!]));
  }
  const kept: Array<{ ip: string; mac: string }> = [];
  const added = new Set<string>();
  let unconfirmed = 0;
  for (const s of sightings) {
    const isNew = !previous.has(s.mac) && !added.has(s.mac);
    if (!allowed.get(s.ip)!.has(s.mac) || (isNew && added.size >= maxNew)) {
      unconfirmed++;
      continue;
    }
    if (isNew) added.add(s.mac);
    kept.push(s);
  }
  return { kept, unconfirmed, contested };
}
