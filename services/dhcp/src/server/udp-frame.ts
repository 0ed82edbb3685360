import { internetChecksum } from '@paddock/netio';
import { ByteWriter, ipv4ToBytes, macToBytes } from '@paddock/wire';

const ETHERTYPE_IPV4 = 0x0800;
const IPPROTO_UDP = 17;

export interface UdpFrame {
  sourceMac: string;
  destinationMac: Uint8Array;
  source: string;
  destination: string;
  sourcePort: number;
  destinationPort: number;
  payload: Uint8Array;
}

/**
 * An Ethernet II frame carrying IPv4 + UDP, built by hand for RFC 2131 §4.1's unicast to a
 * client that has no address yet: the kernel would ARP for yiaddr, and the client cannot
 * answer. Pure; the shell sends it on a packet socket of the receiving interface.
 */
export function encodeUdpFrame(f: UdpFrame): Uint8Array {
  const udpLength = 8 + f.payload.length;
  const src = ipv4ToBytes(f.source);
  const dst = ipv4ToBytes(f.destination);
  // RFC 791 §3.1: version 4, IHL 5, DF set (a DHCP reply is never fragmented), TTL 64.
  const ip = new ByteWriter(20)
    .u8(0x45)
    .u8(0)
    .u16(20 + udpLength)
    .u16(0)
    .u16(0x4000)
    .u8(64)
    .u8(IPPROTO_UDP);
  ip.u16(0).bytes(src).bytes(dst);
  const ipHeader = ip.patchU16(10, internetChecksum(ip.finish())).finish();
  // RFC 768: the UDP checksum covers a pseudo-header (addresses, protocol, length) too.
  const pseudo = new ByteWriter(12 + udpLength).bytes(src).bytes(dst).u8(0).u8(IPPROTO_UDP).u16(udpLength);
  pseudo.u16(f.sourcePort).u16(f.destinationPort).u16(udpLength).u16(0).bytes(f.payload);
  const sum = internetChecksum(pseudo.finish());
  const udp = new ByteWriter(8)
    .u16(f.sourcePort)
    .u16(f.destinationPort)
    .u16(udpLength)
    .u16(sum === 0 ? 0xffff : sum);
  const eth = new ByteWriter(14 + 20 + udpLength)
    .bytes(f.destinationMac)
    .bytes(macToBytes(f.sourceMac))
    .u16(ETHERTYPE_IPV4);
  return eth.bytes(ipHeader).bytes(udp.finish()).bytes(f.payload).finish();
}
