import type { Member, Path } from '@paddock/proto/overlay/v1/overlay.ts';
import type { InterfaceNames, OverlayState } from '../model/types.ts';
import type { TopologyMirror } from './mirror.ts';

/** One relayed pair this node forwards for: ciphertext arriving on one port leaves from the other. */
export interface Forward {
  /** `a` sends to this node's portA; it goes on to `b` from portB, and back the other way. */
  portA: number;
  portB: number;
  a: string;
  b: string;
  /**
   * The sides behind NAT. Such a side may reach the relay from another port than the one its peers
   * learned (a symmetric NAT picks one per destination), and its NAT lets in only answers: its own
   * packets open the flow, and the relay answers at the port they came from.
   */
  nat?: 'a' | 'b' | 'both';
}

export interface Desired {
  /** Undefined when this node is not (or no longer) a member: its devices come down. */
  state?: OverlayState;
  forwards: Forward[];
  /** The peers' underlay hosts to probe, by member name (their direct paths, whatever the WireGuard path). */
  probe: Map<string, string>;
}

/** Where a member is reached directly: the endpoint its peers see (behind NAT), else the one it announced. */
export const directEndpoint = (m: Member) => m.publicEndpoint || m.endpoint;
const host = (endpoint: string) => endpoint.replace(/:\d+$/, '');
/**
 * Where `self` reaches member `m` directly: two members behind the same NAT (one public address)
 * share its inside network and reach each other at the addresses they announced, as a NAT
 * seldom sends its own public address back inside (hairpinning).
 */
const reach = (self: Member, m: Member) =>
  self.publicEndpoint && m.publicEndpoint && host(self.publicEndpoint) === host(m.publicEndpoint)
    ? m.endpoint
    : directEndpoint(m);

/**
 * The state this node's data plane should have, from the control plane's topology: each peer
 * at its direct endpoint, or at the relay's forwarding port when the pair is relayed; and the
 * pairs this node relays for.
 */
export function desiredFrom(
  mirror: TopologyMirror,
  o: { network: string; node: string; privateKeyFile: string; interfaces?: InterfaceNames | undefined },
): Desired {
  const net = mirror.network(o.network);
  const members = mirror.members(o.network);
  const byName = new Map(members.map((m) => [m.name, m]));
  const probe = new Map<string, string>();
  const self = byName.get(o.node);
  if (!net || !self) return { forwards: [], probe };
  const paths = mirror.paths(o.network);
  // By peer, not a search per peer: a 50-member network has 1225 paths, and this runs on every change.
  const mine = new Map<string, Path>();
  for (const p of paths) if (p.a === o.node || p.b === o.node) mine.set(p.a === o.node ? p.b : p.a, p);
  const pathOf = (peer: string): Path | undefined => mine.get(peer);
  const peers = members.filter((m) => m !== self);
  const list = [self, ...peers].map((m) => {
    if (m !== self) probe.set(m.name, host(reach(self, m)));
    const p = m === self ? undefined : pathOf(m.name);
    const relay = p?.via ? byName.get(p.via) : undefined;
    const relayed = p && relay && p.via !== o.node;
    const endpoint = relayed ? `${host(directEndpoint(relay))}:${p.a === o.node ? p.portA : p.portB}` : reach(self, m);
    // Behind NAT the port a peer sees is the NAT's choice: WireGuard may keep the one it roamed to.
    const roams = m !== self && !relayed && m.publicEndpoint !== '' && endpoint !== m.endpoint;
    const { name, publicKey, address, tunnelAddress } = m;
    return { name, publicKey, address, tunnelAddress, endpoint, ...(roams ? { roams } : {}) };
  });
  const forwards = paths
    .filter((p) => p.via === o.node && byName.has(p.a) && byName.has(p.b))
    .map((p) => {
      const [a, b] = [byName.get(p.a)!, byName.get(p.b)!];
      const [natA, natB] = [a.publicEndpoint !== '', b.publicEndpoint !== ''];
      const nat: Forward['nat'] = natA && natB ? 'both' : natA ? 'a' : natB ? 'b' : undefined;
      return { portA: p.portA, portB: p.portB, a: directEndpoint(a), b: directEndpoint(b), ...(nat ? { nat } : {}) };
    });
  const state: OverlayState = {
    node: o.node,
    privateKeyFile: o.privateKeyFile,
    networks: [
      {
        name: net.name,
        subnet: net.subnet,
        transit: net.transit,
        vni: net.vni,
        underlayMtu: net.underlayMtu,
        listenPort: net.listenPort,
        members: list,
        ...(o.interfaces ? { interfaces: o.interfaces } : {}),
      },
    ],
  };
  return { state, forwards, probe };
}
