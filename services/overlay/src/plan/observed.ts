/** What the agent reads back from the kernel and wireguard-go for one network. */

export interface ObservedLink {
  mtu: number;
  up: boolean;
  /** IPv4 addresses as CIDR. */
  addresses: string[];
  mac: string;
  /** The bridge this link is a port of. */
  master?: string;
}

export interface ObservedVxlan extends ObservedLink {
  vni: number;
  local?: string;
  port: number;
  /** The lower device VXLAN sends through. */
  lower?: string;
}

export interface ObservedPeer {
  publicKey: string;
  endpoint?: string;
  allowedIps: string[];
  /** Unix seconds of the last handshake; 0 when there was none. */
  handshakeAt?: number;
  /** Persistent keepalive interval in seconds; 0 when off (unknown: undefined, taken as set). */
  keepalive?: number;
}

export interface ObservedWireguard {
  privateKey?: string;
  listenPort: number;
  peers: ObservedPeer[];
}

export interface ObservedNetwork {
  wireguardLink?: ObservedLink;
  wireguard?: ObservedWireguard;
  vxlan?: ObservedVxlan;
  bridge?: ObservedLink;
  /** Static FDB entries of the VXLAN device: which tunnel address a MAC (or broadcast, all zeros) goes to. */
  fdb: { mac: string; dst: string }[];
  /** Permanent neighbour entries on the bridge. */
  neighbours: { ip: string; mac: string }[];
}

export const EMPTY: ObservedNetwork = { fdb: [], neighbours: [] };
