/** The desired state of one node's overlays, as the agent reads it (a file today, the control plane later). */

export interface Member {
  name: string;
  /** WireGuard public key, base64 of 32 bytes. */
  publicKey: string;
  /** Address on the layer-2 overlay (the bridge), CIDR inside the network's subnet, e.g. 10.99.0.1/24. */
  address: string;
  /** Address on the WireGuard tunnel (VXLAN runs between these), CIDR inside the network's transit subnet. */
  tunnelAddress: string;
  /** Underlay UDP endpoint, `a.b.c.d:port` or `[v6]:port`. */
  endpoint: string;
  /**
   * The endpoint is the member's NAT as a peer saw it: WireGuard keeps whatever port of that
   * host the member's packets come from (a symmetric NAT gives each peer another port).
   */
  roams?: boolean;
}

export interface InterfaceNames {
  wireguard: string;
  vxlan: string;
  bridge: string;
}

export interface Network {
  /** 1-11 characters [a-z0-9-]; interface names derive from it. */
  name: string;
  /** The layer-2 overlay's IPv4 subnet. */
  subnet: string;
  /** The WireGuard tunnel's IPv4 subnet; must not overlap the overlay subnet. */
  transit: string;
  vni: number;
  /** MTU of the underlay path; every layer above is computed from it. */
  underlayMtu: number;
  /** UDP port this node's WireGuard listens on. */
  listenPort: number;
  members: Member[];
  /** Overrides of the derived names (wg-NAME, vx-NAME, br-NAME). */
  interfaces?: Partial<InterfaceNames>;
}

export interface OverlayState {
  /** This node's member name in every network. */
  node: string;
  /** File holding this node's WireGuard private key (never sent anywhere). */
  privateKeyFile: string;
  networks: Network[];
}
