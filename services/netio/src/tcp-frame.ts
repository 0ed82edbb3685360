/**
 * The frames of a SYN scan: an Ethernet + IPv4 (RFC 791) + TCP (RFC 9293) SYN with an MSS
 * option, checksummed over the pseudo-header (RFC 9293 §3.1), and the decoding of the replies
 * (SYN-ACK or RST) a packet socket hands back.
 */
import { ByteReader, ByteWriter } from '@paddock/wire';
import { decodeEthernet, encodeEthernet } from './ethernet.ts';
import { decodeIpv4, encodeIpv4, IPPROTO_TCP, pseudoHeaderChecksum } from './ipv4.ts';

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_ACK = 0x10;

export interface SynProbe {
  sourceMac: string;
  destinationMac: string;
  source: string;
  destination: string;
  sourcePort: number;
  destinationPort: number;
  seq: number;
  ipId: number;
}

export interface TcpSegment {
  source: string;
  destination: string;
  sourcePort: number;
  destinationPort: number;
  seq: number;
  ack: number;
  flags: number;
}

const tcpChecksum = (source: string, destination: string, segment: Uint8Array) =>
  pseudoHeaderChecksum(source, destination, IPPROTO_TCP, segment);

export function encodeSynFrame(p: SynProbe): Uint8Array {
  // 24-byte header: data offset 6 words, MSS 1460 (RFC 9293 §3.7.1), as a real stack sends.
  const tcp = new ByteWriter(24)
    .u16(p.sourcePort)
    .u16(p.destinationPort)
    .u32(p.seq >>> 0)
    .u32(0)
    .u8(6 << 4)
    .u8(TCP_SYN)
    .u16(64240)
    .u16(0)
    .u16(0)
    .u8(2)
    .u8(4)
    .u16(1460);
  tcp.patchU16(16, tcpChecksum(p.source, p.destination, tcp.finish()));
  const segment = tcp.finish();
  const ip = encodeIpv4({
    source: p.source,
    destination: p.destination,
    protocol: IPPROTO_TCP,
    id: p.ipId,
    payload: segment,
  });
  return encodeEthernet({ destination: p.destinationMac, source: p.sourceMac, type: 0x0800, payload: ip });
}

/**
 * A TCP segment from a frame, or undefined for anything else. The checksum is checked only on
 * request: a packet socket may see a local or virtual (veth) peer's segments before the
 * checksum is filled in (CHECKSUM_PARTIAL offload), and a SYN scan matches replies on ports
 * and a 32-bit acknowledgement number anyway.
 */
export function decodeTcpFrame(frame: Uint8Array, opts: { verifyChecksum?: boolean } = {}): TcpSegment | undefined {
  const eth = decodeEthernet(frame);
  if (!eth.ok || eth.value.type !== 0x0800) return undefined;
  const ip = decodeIpv4(eth.value.payload);
  if (!ip.ok || ip.value.protocol !== 6) return undefined;
  const seg = ip.value.payload;
  const r = new ByteReader(seg);
  const sourcePort = r.u16('source port');
  const destinationPort = r.u16('destination port');
  const seq = r.u32('seq');
  const ack = r.u32('ack');
  const offset = (r.u8('data offset') >> 4) * 4;
  const flags = r.u8('flags');
  if (!r.ok || offset < 20 || offset > seg.length) return undefined;
  if (opts.verifyChecksum && tcpChecksum(ip.value.source, ip.value.destination, seg) !== 0) return undefined;
  return { source: ip.value.source, destination: ip.value.destination, sourcePort, destinationPort, seq, ack, flags };
}
