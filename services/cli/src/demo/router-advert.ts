import { encodeEthernet, internetChecksum } from '@paddock/netio';

/**
 * An ICMPv6 Router Advertisement (RFC 4861 §4.2) as a whole Ethernet frame, pure. iPXE waits
 * ~16 s for one before it finishes configuring a NIC (shared/notes/pxe-lab.md); any RA ends
 * the wait. This one offers no prefix and a router lifetime of 0 ("not a default router"), so
 * it changes nothing else on the link.
 */
const ALL_NODES_MAC = '33:33:00:00:00:01';
const ALL_NODES = Uint8Array.from([0xff, 0x02, ...new Array(13).fill(0), 0x01]);
const ICMPV6 = 58;

const macBytes = (mac: string) => Uint8Array.from(mac.split(':').map((h) => Number.parseInt(h, 16)));

/** fe80::/64 with the modified EUI-64 interface id of a MAC (RFC 4291 appendix A). */
export function linkLocalFromMac(mac: string): Uint8Array {
  const m = macBytes(mac);
  const out = new Uint8Array(16);
  out.set([0xfe, 0x80]);
  out.set([m[0]! ^ 0x02, m[1]!, m[2]!, 0xff, 0xfe, m[3]!, m[4]!, m[5]!], 8);
  return out;
}

export function routerAdvertFrame(mac: string): Uint8Array {
  const icmp = new Uint8Array(16 + 8);
  icmp[0] = 134; // type: Router Advertisement
  icmp[4] = 64; // current hop limit; M and O flags clear; lifetime, reachable, retrans 0
  icmp.set([1, 1, ...macBytes(mac)], 16); // option 1: source link-layer address, 8 bytes
  const source = linkLocalFromMac(mac);
  // RFC 8200 §8.1: the checksum covers a pseudo-header of addresses, length and next header.
  const pseudo = new Uint8Array(40 + icmp.length);
  pseudo.set(source, 0);
  pseudo.set(ALL_NODES, 16);
  new DataView(pseudo.buffer).setUint32(32, icmp.length);
  pseudo[39] = ICMPV6;
  pseudo.set(icmp, 40);
  new DataView(icmp.buffer).setUint16(2, internetChecksum(pseudo));
  const ip = new Uint8Array(40 + icmp.length);
  const v = new DataView(ip.buffer);
  v.setUint32(0, 0x60000000);
  v.setUint16(4, icmp.length);
  ip[6] = ICMPV6;
  ip[7] = 255; // RFC 4861 §6.1.2: hosts drop an RA whose hop limit is not 255
  ip.set(source, 8);
  ip.set(ALL_NODES, 24);
  ip.set(icmp, 40);
  return encodeEthernet({ destination: ALL_NODES_MAC, source: mac, type: 0x86dd, payload: ip });
}
