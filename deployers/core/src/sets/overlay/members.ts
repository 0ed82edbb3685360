import type { Target } from '../../engine/types.ts';

/** The network a deployment joins hosts to; the shape of the overlay agent's network, minus members. */
export interface OverlayNetwork {
  name: string;
  /** IPv4 /8../30 the members' bridge addresses come from, e.g. 10.99.0.0/24. */
  subnet: string;
  /** IPv4 subnet of the WireGuard tunnel addresses (VXLAN runs over them). */
  transit: string;
  vni: number;
  listenPort: number;
  underlayMtu?: number;
}

export interface PlannedMember {
  target: Target;
  /** e.g. 10.99.0.1/24 */
  address: string;
  tunnelAddress: string;
  endpoint: string;
}

/**
 * Addresses by position in the target list (first host .1, second .2, ...): the list is the
 * membership, so keep its order when adding hosts (append). Pure.
 */
export function planMembers(net: OverlayNetwork, targets: readonly Target[]): PlannedMember[] {
  const sub = parseCidr(net.subnet, 'subnet');
  const tr = parseCidr(net.transit, 'transit');
  const names = new Set<string>();
  return targets.map((t, i) => {
    if (names.has(t.name)) throw new Error(`host ${t.name} is listed twice`);
    names.add(t.name);
    return {
      target: t,
      address: `${hostAddress(sub, i + 1, 'subnet')}/${sub.prefix}`,
      tunnelAddress: `${hostAddress(tr, i + 1, 'transit')}/${tr.prefix}`,
      endpoint: `${t.address}:${net.listenPort}`,
    };
  });
}

/** The bare overlay address of a member (what etcd and k3s bind to). */
export const bareAddress = (m: PlannedMember): string => m.address.split('/')[0]!;

interface Cidr {
  base: number;
  prefix: number;
}

function parseCidr(s: string, what: string): Cidr {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(s);
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const prefix = m ? Number(m[5]) : -1;
  if (!m || octets.some((o) => o > 255) || prefix < 8 || prefix > 30)
    throw new Error(`${what}: not an IPv4 /8../30: ${s}`);
  const base = octets.reduce((a, o) => a * 256 + o, 0);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { base: (base & mask) >>> 0, prefix };
}

function hostAddress(c: Cidr, n: number, what: string): string {
  if (n >= 2 ** (32 - c.prefix) - 1) throw new Error(`${what}: no room for ${n} hosts in a /${c.prefix}`);
  const a = c.base + n;
  return [24, 16, 8, 0].map((s) => (a >>> s) & 255).join('.');
}
