import type { JoinRequest, Member, Network } from '@paddock/proto/overlay/v1/overlay.ts';
import { numberToIPv4, parseCidr } from '@paddock/wire';
import { parseEndpoint, parseHostAddress } from '../model/addresses.ts';
import { accept, refuse, type Verdict } from './verdict.ts';

const KEY = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;
const NODE = /^[a-z0-9][a-z0-9-]{0,62}$/;

export interface JoinInput {
  node: string;
  registeredBy: 'node' | 'admin';
  request: JoinRequest;
  network: Network;
  /** Every member of every network (a key belongs to one node across networks). */
  members: Member[];
  now: number;
}

/**
 * Decides a join: the key must be a WireGuard key no other node holds, the addresses inside the
 * network's subnets and held by no other member (allocated lowest-first when not given). A node
 * joining again keeps its addresses unless it names new ones, and may change its key.
 */
export function decideJoin(j: JoinInput): Verdict<Member> {
  const { request: r, network: net } = j;
  if (!NODE.test(j.node)) return refuse('invalid', `node name ${JSON.stringify(j.node)} is not a member name`);
  if (!KEY.test(r.publicKey))
    return refuse('invalid', `public key ${JSON.stringify(r.publicKey)} is not a WireGuard key`);
  // A bare address means the network's own port.
  const announced = /^[0-9.]+$/.test(r.endpoint) ? `${r.endpoint}:${net.listenPort}` : r.endpoint;
  const endpoint = parseEndpoint(announced);
  if (typeof endpoint === 'string') return refuse('invalid', endpoint);
  const keyHolder = j.members.find((m) => m.publicKey === r.publicKey && m.name !== j.node);
  if (keyHolder)
    return refuse(
      'key-taken',
      `public key ${r.publicKey} is already member ${keyHolder.name}'s in network ${keyHolder.network}`,
    );
  const others = j.members.filter((m) => m.network === net.name && m.name !== j.node);
  const previous = j.members.find((m) => m.network === net.name && m.name === j.node);
  const address = claim(
    r.address || previous?.address,
    net.subnet,
    others.map((m) => m.address),
    'address',
  );
  if (!address.ok) return address;
  const tunnel = claim(
    r.tunnelAddress || previous?.tunnelAddress,
    net.transit,
    others.map((m) => m.tunnelAddress),
    'tunnel address',
  );
  if (!tunnel.ok) return tunnel;
  return accept({
    network: net.name,
    name: j.node,
    publicKey: r.publicKey,
    address: address.value,
    tunnelAddress: tunnel.value,
    endpoint: announced,
    publicEndpoint: previous?.endpoint === announced ? previous.publicEndpoint : '',
    joinedAtUnixMs: previous?.joinedAtUnixMs ?? BigInt(j.now),
    registeredBy: j.registeredBy,
  });
}

/** The address asked for if it is free, else the lowest free host address of the subnet. */
function claim(asked: string | undefined, subnetText: string, taken: string[], what: string): Verdict<string> {
  const subnet = parseCidr(subnetText);
  const held = new Set(taken.map((t) => t.split('/')[0]));
  if (asked) {
    const a = parseHostAddress(asked, subnet, what);
    if (typeof a === 'string') return refuse('invalid', a);
    if (held.has(a.ip)) return refuse('address-taken', `${what} ${a.ip} is already another member's`);
    return accept(`${a.ip}/${subnet.prefix}`);
  }
  const size = 2 ** (32 - subnet.prefix);
  for (let host = 1; host < size - 1; host++) {
    const ip = numberToIPv4((subnet.network + host) >>> 0);
    if (!held.has(ip)) return accept(`${ip}/${subnet.prefix}`);
  }
  return refuse('full', `no free ${what} left in ${subnetText}`);
}
