import type { Link, Member, Network, Path } from '@paddock/proto/overlay/v1/overlay.ts';

/** Relay forwarding ports start here above the network's WireGuard port, two per relayed pair. */
export const RELAY_PORT_OFFSET = 100;

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/**
 * The path of every pair of members: direct when the direct underlay path answers both ways (or
 * is not measured yet: a new member starts direct), else through the member not behind NAT that
 * reaches both with the lowest measured round-trip sum, else unreachable. A pair keeps its relay and its
 * relay ports while that relay is still among the best, so a path does not flap between equals.
 */
export function computePaths(net: Network, members: Member[], links: Link[], previous: Path[]): Path[] {
  const link = new Map(links.map((l) => [`${l.from}>${l.to}`, l]));
  const prev = new Map(previous.map((p) => [pairKey(p.a, p.b), p]));
  /** The round trip of x<->y when both directions answer (unmeasured counts as answering, at cost 0). */
  const leg = (x: string, y: string, measuredOnly: boolean): number | undefined => {
    const there = link.get(`${x}>${y}`);
    const back = link.get(`${y}>${x}`);
    if (there?.up === false || back?.up === false) return undefined;
    if (measuredOnly && !there && !back) return undefined;
    return Math.max(there?.latencyUs ?? 0, back?.latencyUs ?? 0);
  };
  const names = members.map((m) => m.name).sort();
  // A member behind NAT answers probes (its NAT opened for them when it probed first) but its
  // relay ports get nothing the NAT has not seen it send to: it cannot relay.
  const relays = members.filter((m) => !m.publicEndpoint).map((m) => m.name);
  const out: Path[] = [];
  for (const [i, a] of names.entries()) {
    for (const b of names.slice(i + 1)) {
      const base = { network: net.name, a, b, via: '', portA: 0, portB: 0, costUs: 0, reachable: false };
      const direct = leg(a, b, false);
      if (direct !== undefined) {
        out.push({ ...base, costUs: direct, reachable: true });
        continue;
      }
      const before = prev.get(pairKey(a, b));
      let best: { via: string; cost: number } | undefined;
      let kept: { via: string; cost: number } | undefined;
      for (const r of relays) {
        if (r === a || r === b) continue;
        const x = leg(a, r, true);
        const y = leg(r, b, true);
        if (x === undefined || y === undefined) continue;
        const cost = x + y;
        if (r === before?.via) kept = { via: r, cost };
        if (!best || cost < best.cost) best = { via: r, cost };
      }
      // Measurements jitter: the relay in use stays unless another is clearly better.
      if (kept && best && kept.cost <= best.cost * 1.5 + 2000) best = kept;
      if (!best) {
        out.push(base);
        continue;
      }
      out.push({ ...base, via: best.via, costUs: best.cost, reachable: true });
    }
  }
  assignRelayPorts(net, out, prev);
  return out;
}

/** Two UDP ports on the relay per relayed pair: kept from before when the relay is the same, else the lowest free. */
function assignRelayPorts(net: Network, paths: Path[], prev: Map<string, Path>): void {
  const used = new Map<string, Set<number>>();
  const taken = (via: string) => used.get(via) ?? used.set(via, new Set()).get(via)!;
  const fresh: Path[] = [];
  for (const p of paths) {
    if (!p.via) continue;
    const before = prev.get(pairKey(p.a, p.b));
    if (before?.via === p.via && before.portA && !taken(p.via).has(before.portA)) {
      p.portA = before.portA;
      p.portB = before.portB;
      taken(p.via).add(p.portA);
    } else fresh.push(p);
  }
  for (const p of fresh) {
    let port = net.listenPort + RELAY_PORT_OFFSET;
    while (taken(p.via).has(port)) port += 2;
    taken(p.via).add(port);
    p.portA = port;
    p.portB = port + 1;
  }
}
