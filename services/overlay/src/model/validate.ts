import type { Cidr } from '@paddock/wire';
import { overlaps, parseEndpoint, parseHostAddress, parseSubnet } from './addresses.ts';
import { layerMtus } from './mtu.ts';
import { interfaceNames, memberMac, type ResolvedMember, type ResolvedNetwork } from './resolved.ts';
import { stateSchema } from './schema.ts';
import type { Network, OverlayState } from './types.ts';

export type StateVerdict =
  | { ok: true; state: OverlayState; networks: ResolvedNetwork[] }
  | { ok: false; errors: string[] };

/** Parses and checks a state document; every problem is reported, each naming what is wrong. */
export function validateState(input: unknown): StateVerdict {
  const parsed = stateSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.') || 'state'}: ${i.message}`) };
  }
  const state = parsed.data as OverlayState;
  const errors: string[] = [];
  const networks: ResolvedNetwork[] = [];
  const seen: { name: string; cidrs: Cidr[]; vni: number; port: number }[] = [];
  for (const net of state.networks) {
    const resolved = resolveNetwork(net, state.node, errors);
    const cidrs = [net.subnet, net.transit].map((s) => parseSubnet(s, 'subnet')).filter((c) => typeof c !== 'string');
    for (const other of seen) {
      if (other.name === net.name) errors.push(`network ${net.name} is listed twice`);
      if (other.vni === net.vni) errors.push(`networks ${other.name} and ${net.name} both use VNI ${net.vni}`);
      if (other.port === net.listenPort)
        errors.push(`networks ${other.name} and ${net.name} both listen on UDP ${net.listenPort}`);
      if (other.cidrs.some((a) => cidrs.some((b) => overlaps(a, b)))) {
        errors.push(`network ${net.name} overlaps network ${other.name} (${net.subnet}, ${net.transit})`);
      }
    }
    seen.push({ name: net.name, cidrs, vni: net.vni, port: net.listenPort });
    if (resolved) networks.push(resolved);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, state, networks };
}

function resolveNetwork(net: Network, node: string, errors: string[]): ResolvedNetwork | undefined {
  const before = errors.length;
  const fail = (e: string) => errors.push(`network ${net.name}: ${e}`);
  const subnet = parseSubnet(net.subnet, 'subnet');
  const transit = parseSubnet(net.transit, 'transit');
  if (typeof subnet === 'string') fail(subnet);
  if (typeof transit === 'string') fail(transit);
  if (typeof subnet === 'string' || typeof transit === 'string') return undefined;
  if (overlaps(subnet, transit)) fail(`subnet ${net.subnet} overlaps transit ${net.transit}`);
  const members = net.members.map((m) => resolveMember(m, subnet, transit, (e) => fail(`member ${m.name}: ${e}`)));
  const claims = new Map<string, string>();
  for (const m of members) {
    if (!m) continue;
    for (const [what, value] of [
      ['name', m.name],
      ['public key', m.publicKey],
      ['address', m.ip],
      ['tunnel address', m.tunnelIp],
      ['endpoint', m.endpoint],
    ] as const) {
      const holder = claims.get(`${what}=${value}`);
      if (holder !== undefined) fail(`member ${m.name} claims ${what} ${value}, already held by member ${holder}`);
      else claims.set(`${what}=${value}`, m.name);
    }
  }
  const ipv6 = net.members.some((m) => m.endpoint.startsWith('['));
  const mtu = layerMtus(net.underlayMtu, ipv6);
  if (!mtu.ok) fail(mtu.error);
  const self = members.find((m) => m?.name === node);
  if (!self) fail(`this node (${node}) is not one of its members`);
  if (errors.length > before || !self || !mtu.ok) return undefined;
  const peers = members.filter((m): m is ResolvedMember => m !== undefined && m !== self);
  return {
    name: net.name,
    vni: net.vni,
    listenPort: net.listenPort,
    ifs: interfaceNames(net),
    mtu: mtu.mtu,
    self,
    peers,
  };
}

function resolveMember(
  m: Network['members'][number],
  subnet: Cidr,
  transit: Cidr,
  fail: (e: string) => void,
): ResolvedMember | undefined {
  const address = parseHostAddress(m.address, subnet, 'address');
  const tunnel = parseHostAddress(m.tunnelAddress, transit, 'tunnel address');
  const endpoint = parseEndpoint(m.endpoint);
  for (const r of [address, tunnel, endpoint]) if (typeof r === 'string') fail(r);
  if (typeof address === 'string' || typeof tunnel === 'string' || typeof endpoint === 'string') return undefined;
  return {
    name: m.name,
    publicKey: m.publicKey,
    address: m.address,
    ip: address.ip,
    tunnelAddress: m.tunnelAddress,
    tunnelIp: tunnel.ip,
    endpoint: m.endpoint,
    roams: m.roams ?? false,
    mac: memberMac(m.publicKey),
  };
}
