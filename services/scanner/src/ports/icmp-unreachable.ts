/**
 * ICMP destination unreachable (RFC 792; RFC 1812 §5.2.7.1 for the codes) as seen on a packet
 * socket: the whole Ethernet frame, the ICMP message quoting the IP header and first 8 bytes of
 * the datagram that failed, which is how a UDP probe learns its port is closed.
 */
import { decodeEthernet, decodeIpv4 } from '@paddock/netio';
import { ByteReader } from '@paddock/wire';

export interface Unreachable {
  /** Who sent the ICMP message (the target itself, or a router). */
  reporter: string;
  code: number;
  /** The quoted datagram: its protocol, addresses and ports. */
  protocol: number;
  source: string;
  destination: string;
  sourcePort: number;
  destinationPort: number;
}

export const PORT_UNREACHABLE = 3;

/** Decodes a frame as an ICMP unreachable, or undefined for anything else. */
export function decodeUnreachable(frame: Uint8Array): Unreachable | undefined {
  const eth = decodeEthernet(frame);
  if (!eth.ok || eth.value.type !== 0x0800) return undefined;
  const ip = decodeIpv4(eth.value.payload);
  if (!ip.ok || ip.value.protocol !== 1) return undefined;
  const r = new ByteReader(ip.value.payload);
  const type = r.u8('type');
  const code = r.u8('code');
  r.skip(6, 'checksum and unused');
  if (!r.ok || type !== 3) return undefined;
  const inner = decodeIpv4(withTrustedLength(r.rest()));
  if (!inner.ok) return undefined;
  const ports = new ByteReader(inner.value.payload);
  const sourcePort = ports.u16('source port');
  const destinationPort = ports.u16('destination port');
  if (!ports.ok) return undefined;
  return {
    reporter: ip.value.source,
    code,
    protocol: inner.value.protocol,
    source: inner.value.source,
    destination: inner.value.destination,
    sourcePort,
    destinationPort,
  };
}

/** The quote is cut after 8 payload bytes, but its header keeps the original total length. */
function withTrustedLength(quoted: Uint8Array): Uint8Array {
  if (quoted.length < 20) return quoted;
  const copy = quoted.slice();
  copy[2] = copy.length >> 8;
  copy[3] = copy.length & 255;
  return copy;
}
