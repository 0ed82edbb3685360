/**
 * IPv4 (RFC 791) as raw sockets and packet sockets see it: the one encoder of a header every
 * hand-built frame uses (DHCP's unicast to a client without an address, a SYN scan's probes),
 * the decoder of what comes back, and the pseudo-header checksum of UDP and TCP.
 */
import { ByteReader, ByteWriter, bytesToIPv4, ipv4ToBytes } from '@paddock/wire';
import { type Decoded, internetChecksum } from './checksum.ts';

export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

export interface Ipv4Out {
  source: string;
  destination: string;
  protocol: number;
  /** Identification (RFC 6864: any value for an atomic, DF datagram); 0 by default. */
  id?: number;
  payload: Uint8Array;
}

/** A header and its payload: version 4, IHL 5, DF set (never fragmented), TTL 64, checksummed. */
export function encodeIpv4(p: Ipv4Out): Uint8Array {
  const w = new ByteWriter(20 + p.payload.length)
    .u8(0x45)
    .u8(0)
    .u16(20 + p.payload.length)
    .u16((p.id ?? 0) & 0xffff)
    .u16(0x4000)
    .u8(64)
    .u8(p.protocol)
    .u16(0)
    .bytes(ipv4ToBytes(p.source))
    .bytes(ipv4ToBytes(p.destination));
  w.patchU16(10, internetChecksum(w.finish()));
  return w.bytes(p.payload).finish();
}

/** RFC 768 and RFC 9293 §3.1: the checksum over a pseudo-header (addresses, protocol, length) and the segment. */
export function pseudoHeaderChecksum(
  source: string,
  destination: string,
  protocol: number,
  segment: Uint8Array,
): number {
  const pseudo = new ByteWriter(12 + segment.length)
    .bytes(ipv4ToBytes(source))
    .bytes(ipv4ToBytes(destination))
    .u8(0)
    .u8(protocol)
    .u16(segment.length)
    .bytes(segment)
    .finish();
  return internetChecksum(pseudo);
}

export interface Ipv4Packet {
  protocol: number;
  source: string;
  destination: string;
  ttl: number;
  payload: Uint8Array;
}

/** Splits an IPv4 packet (RFC 791 §3.1) into header facts and payload, honouring IHL and total length. */
export function decodeIpv4(bytes: Uint8Array): Decoded<Ipv4Packet> {
  const r = new ByteReader(bytes);
  const vihl = r.u8('version/IHL');
  r.u8('TOS');
  const total = r.u16('total length');
  r.skip(4, 'id/fragment');
  const ttl = r.u8('TTL');
  const protocol = r.u8('protocol');
  r.u16('header checksum');
  const source = bytesToIPv4(r.bytes(4, 'source'));
  const destination = bytesToIPv4(r.bytes(4, 'destination'));
  const ihl = (vihl & 15) * 4;
  if (r.ok && vihl >> 4 !== 4) r.fail(`version ${vihl >> 4}`);
  if (r.ok && (ihl < 20 || total < ihl || total > bytes.length)) r.fail(`bad IHL ${ihl} or total length ${total}`);
  r.skip(ihl - 20, 'options');
  const payload = r.bytes(total - ihl, 'payload');
  const err = r.finish(true);
  if (err) return { ok: false, reason: `ipv4: ${err}` };
  return { ok: true, value: { protocol, source, destination, ttl, payload } };
}
