import { createHash } from 'node:crypto';
import { bytesToHex } from '@paddock/wire';
import type { LayerMtus } from './mtu.ts';
import type { InterfaceNames, Network } from './types.ts';

/** A validated network seen from one node: everything the planner needs, nothing to look up. */
export interface ResolvedMember {
  name: string;
  publicKey: string;
  /** Overlay (bridge) address as CIDR, and its IP alone. */
  address: string;
  ip: string;
  tunnelAddress: string;
  tunnelIp: string;
  endpoint: string;
  /** Any port of the endpoint's host is as good (behind NAT, see Member.roams). */
  roams: boolean;
  /** The member's bridge MAC, derived from its key so every node can program it without asking. */
  mac: string;
}

export interface ResolvedNetwork {
  name: string;
  vni: number;
  listenPort: number;
  ifs: InterfaceNames;
  mtu: LayerMtus;
  self: ResolvedMember;
  peers: ResolvedMember[];
}

/** IANA port for VXLAN (RFC 7348 §5); Linux defaults to 8472 otherwise. */
export const VXLAN_PORT = 4789;

export function interfaceNames(net: Pick<Network, 'name' | 'interfaces'>): InterfaceNames {
  return {
    wireguard: net.interfaces?.wireguard ?? `wg-${net.name}`,
    vxlan: net.interfaces?.vxlan ?? `vx-${net.name}`,
    bridge: net.interfaces?.bridge ?? `br-${net.name}`,
  };
}

/** Locally administered unicast MAC (IEEE 802 bit 1 set, bit 0 clear) from the public key. */
export function memberMac(publicKey: string): string {
  const b = createHash('sha256').update(publicKey).digest().subarray(0, 6);
  b[0] = (b[0]! & 0xfc) | 0x02;
  return bytesToHex(b);
}
