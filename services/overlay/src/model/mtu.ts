/** MTU of every layer of the overlay, computed from the underlay's. */

/** Outer IPv4 (20) + UDP (8) + WireGuard data header (16) + Poly1305 tag (16). */
export const WIREGUARD_OVERHEAD_V4 = 60;
/** As above with a 40-byte IPv6 header. */
export const WIREGUARD_OVERHEAD_V6 = 80;
/** Outer IPv4 (20) + UDP (8) + VXLAN (8) + inner Ethernet (14), RFC 7348 §5. */
export const VXLAN_OVERHEAD = 50;
/** RFC 8200 §5: IPv6 (and so neighbour discovery on the bridge) needs links of at least 1280 bytes. */
export const MIN_OVERLAY_MTU = 1280;

export interface LayerMtus {
  wireguard: number;
  vxlan: number;
  bridge: number;
}

export type MtuVerdict = { ok: true; mtu: LayerMtus } | { ok: false; error: string };

export function layerMtus(underlayMtu: number, ipv6Underlay: boolean): MtuVerdict {
  const wgOverhead = ipv6Underlay ? WIREGUARD_OVERHEAD_V6 : WIREGUARD_OVERHEAD_V4;
  const wireguard = underlayMtu - wgOverhead;
  const vxlan = wireguard - VXLAN_OVERHEAD;
  if (!Number.isInteger(underlayMtu) || vxlan < MIN_OVERLAY_MTU) {
    return {
      ok: false,
      error:
        `underlay MTU ${underlayMtu} leaves ${vxlan} bytes for overlay frames after WireGuard ` +
        `(${wgOverhead}, ${ipv6Underlay ? 'IPv6' : 'IPv4'} underlay) and VXLAN (${VXLAN_OVERHEAD}) headers; ` +
        `IPv6 on the overlay needs ${MIN_OVERLAY_MTU}, so the underlay needs at least ` +
        `${MIN_OVERLAY_MTU + VXLAN_OVERHEAD + wgOverhead}`,
    };
  }
  return { ok: true, mtu: { wireguard, vxlan, bridge: vxlan } };
}
