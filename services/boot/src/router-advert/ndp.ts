/**
 * The two IPv6 Neighbor Discovery messages the boot service's router advertisements need, as
 * whole Ethernet frames, pure: Router Solicitation in (RFC 4861 §4.1), Router Advertisement out
 * (§4.2). iPXE waits ~16 s for an RA before it finishes configuring a NIC
 * (shared/notes/pxe-lab.md); any RA ends the wait. Ours offers no prefix, no flags and router
 * lifetime 0 ("not a default router", §4.2), so it gives a machine no address and no route.
 */
import { type Decoded, decodeEthernet, ETH_P_IPV6, encodeEthernet, internetChecksum } from '@paddock/netio';
import { ByteReader, ByteWriter, macToBytes } from '@paddock/wire';

const ICMPV6 = 58;
const ROUTER_SOLICITATION = 133;
const ROUTER_ADVERTISEMENT = 134;
const SOURCE_LINK_LAYER = 1;
/** ff02::1 and its Ethernet group (RFC 2464 §7: 33:33 + the low 32 bits). */
const ALL_NODES = Uint8Array.of(0xff, 0x02, ...new Array(13).fill(0), 0x01);
const ALL_NODES_MAC = '33:33:00:00:00:01';
/** ff02::2, where solicitations go: a NIC's filter passes it only to a member of the group. */
export const ALL_ROUTERS_MAC = '33:33:00:00:00:02';

/** Who asked: the frame's source MAC and the IPv6 source (all zeros: unspecified, §4.1). */
export interface Solicitation {
  mac: string;
  address: Uint8Array;
}

/** fe80::/64 with the modified EUI-64 interface id of a MAC (RFC 4291 appendix A). */
export function linkLocalFromMac(mac: string): Uint8Array {
  const m = macToBytes(mac);
  const out = new Uint8Array(16);
  out.set([0xfe, 0x80]);
  out.set([m[0]! ^ 0x02, m[1]!, m[2]!, 0xff, 0xfe, m[3]!, m[4]!, m[5]!], 8);
  return out;
}

/** RFC 8200 §8.1: the ICMPv6 checksum covers a pseudo-header of addresses, length and next header. */
function icmpv6Checksum(source: Uint8Array, destination: Uint8Array, icmp: Uint8Array): number {
  const pseudo = new ByteWriter(40 + icmp.length).bytes(source).bytes(destination).u32(icmp.length);
  return internetChecksum(pseudo.zeros(3).u8(ICMPV6).bytes(icmp).finish());
}

/**
 * An RA from `mac`'s link-local address: to the solicitor when it has an address (RFC 4861
 * §6.2.6 allows unicast), else to all nodes.
 */
export function routerAdvertFrame(mac: string, to?: Solicitation): Uint8Array {
  const unicast = to?.address.some((b) => b !== 0) ? to : undefined;
  const destination = unicast?.address ?? ALL_NODES;
  // Cur hop limit 0 (unspecified), M and O clear, router lifetime, reachable and retrans 0.
  const icmp = new ByteWriter(24).u8(ROUTER_ADVERTISEMENT).u8(0).u16(0).u32(0).u32(0).u32(0);
  icmp.u8(SOURCE_LINK_LAYER).u8(1).bytes(macToBytes(mac));
  const source = linkLocalFromMac(mac);
  const body = icmp.patchU16(2, icmpv6Checksum(source, destination, icmp.finish())).finish();
  // RFC 4861 §6.1.2: hosts drop an RA whose IPv6 hop limit is not 255.
  const ip = new ByteWriter(40 + body.length).u32(0x60000000).u16(body.length).u8(ICMPV6).u8(255);
  ip.bytes(source).bytes(destination).bytes(body);
  const dest = unicast?.mac ?? ALL_NODES_MAC;
  return encodeEthernet({ destination: dest, source: mac, type: ETH_P_IPV6, payload: ip.finish() });
}

/**
 * A router solicitation, checked as RFC 4861 §6.1.1 asks (hop limit 255, checksum, code 0,
 * length, options); undefined for any other frame, which is not ours to judge.
 */
export function decodeRouterSolicitation(frame: Uint8Array): Decoded<Solicitation> | undefined {
  const eth = decodeEthernet(frame);
  if (!eth.ok || eth.value.type !== ETH_P_IPV6) return undefined;
  const r = new ByteReader(eth.value.payload);
  const version = r.u32('version') >>> 28;
  const length = r.u16('payload length');
  const next = r.u8('next header');
  const hopLimit = r.u8('hop limit');
  const source = r.bytes(16, 'source');
  const destination = r.bytes(16, 'destination');
  const icmp = r.bytes(length, 'payload');
  // Extension headers would come first: RSs carry none (§4.1), so those are not RSs either.
  if (!r.ok || version !== 6 || next !== ICMPV6 || icmp[0] !== ROUTER_SOLICITATION) return undefined;
  const bad = (reason: string) => ({ ok: false as const, reason: `router solicitation: ${reason}` });
  if (hopLimit !== 255) return bad(`hop limit ${hopLimit}, not 255`);
  if (icmp.length < 8) return bad(`${icmp.length} bytes`);
  if (icmp[1] !== 0) return bad(`code ${icmp[1]}`);
  if (icmpv6Checksum(source, destination, icmp) !== 0) return bad('bad checksum');
  for (let at = 8; at < icmp.length; at += icmp[at + 1]! * 8) {
    const size = (icmp[at + 1] ?? 0) * 8;
    if (size === 0 || at + size > icmp.length) return bad('malformed option');
    if (icmp[at] === SOURCE_LINK_LAYER && source.every((b) => b === 0)) return bad('link-layer option from ::');
  }
  return { ok: true, value: { mac: eth.value.source, address: Uint8Array.from(source) } };
}
