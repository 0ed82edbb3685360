import { ByteWriter, bytesToHex } from '@paddock/wire';
import { encodeEthernet } from './ethernet.ts';
import { encodeIpv4, IPPROTO_UDP, pseudoHeaderChecksum } from './ipv4.ts';

const ETHERTYPE_IPV4 = 0x0800;

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
  const length = 8 + f.payload.length;
  const udp = new ByteWriter(length).u16(f.sourcePort).u16(f.destinationPort).u16(length).u16(0).bytes(f.payload);
  // RFC 768: a computed zero is sent as all ones (zero means "no checksum").
  const sum = pseudoHeaderChecksum(f.source, f.destination, IPPROTO_UDP, udp.finish());
  udp.patchU16(6, sum === 0 ? 0xffff : sum);
  const ip = encodeIpv4({ source: f.source, destination: f.destination, protocol: IPPROTO_UDP, payload: udp.finish() });
  const destination = bytesToHex(f.destinationMac);
  return encodeEthernet({ destination, source: f.sourceMac, type: ETHERTYPE_IPV4, payload: ip });
}
