/**
 * Pure encoders/decoders for the kernel structs netio passes through FFI: sockaddr_in,
 * sockaddr_ll, packet_mreq, struct ifreq and the IP_PKTINFO control message. Address and port fields are
 * network order; ifindex, family and lengths are host order (little-endian on every Linux
 * target Paddock runs on).
 */
import { endianness } from 'node:os';
import { bytesToIPv4, ipv4ToBytes } from '@paddock/wire';

const LE = endianness() === 'LE';
const AF_INET = 2;
const AF_PACKET = 17;
export const IFNAMSIZ = 16;

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** struct sockaddr_in (16 bytes). */
export function encodeSockaddrIn(address: string, port: number): Uint8Array {
  const b = new Uint8Array(16);
  const v = view(b);
  v.setUint16(0, AF_INET, LE);
  v.setUint16(2, port);
  b.set(ipv4ToBytes(address), 4);
  return b;
}

export function decodeSockaddrIn(b: Uint8Array): { address: string; port: number } | undefined {
  if (b.length < 8 || view(b).getUint16(0, LE) !== AF_INET) return undefined;
  return { address: bytesToIPv4(b, 4), port: view(b).getUint16(2) };
}

/** Same family, port and address: a raw sockaddr_in from the kernel against an encoded one. */
export function sameSockaddrIn(raw: Uint8Array, expected: Uint8Array): boolean {
  for (let i = 0; i < 8; i++) if (raw[i] !== expected[i]) return false;
  return true;
}

export interface SockaddrLl {
  protocol: number;
  ifindex: number;
  /** PACKET_HOST 0, BROADCAST 1, MULTICAST 2, OTHERHOST 3, OUTGOING 4. */
  pkttype?: number;
  address?: Uint8Array;
}

/** struct sockaddr_ll (20 bytes): protocol is network order, ifindex host order. */
export function encodeSockaddrLl(s: SockaddrLl): Uint8Array {
  const b = new Uint8Array(20);
  const v = view(b);
  v.setUint16(0, AF_PACKET, LE);
  v.setUint16(2, s.protocol);
  v.setInt32(4, s.ifindex, LE);
  v.setUint8(10, s.pkttype ?? 0);
  const addr = s.address ?? new Uint8Array(0);
  v.setUint8(11, Math.min(addr.length, 8));
  b.set(addr.subarray(0, 8), 12);
  return b;
}

export function decodeSockaddrLl(b: Uint8Array): SockaddrLl | undefined {
  if (b.length < 20 || view(b).getUint16(0, LE) !== AF_PACKET) return undefined;
  const v = view(b);
  const halen = Math.min(v.getUint8(11), 8);
  return {
    protocol: v.getUint16(2),
    ifindex: v.getInt32(4, LE),
    pkttype: v.getUint8(10),
    address: b.slice(12, 12 + halen),
  };
}

/**
 * struct packet_mreq (16 bytes) for PACKET_ADD_MEMBERSHIP: ifindex, type (PACKET_MR_MULTICAST
 * 0), address length, then the address padded to 8 bytes; all host order but the address.
 */
export function encodePacketMreq(ifindex: number, address: Uint8Array, type = 0): Uint8Array {
  const b = new Uint8Array(16);
  const v = view(b);
  v.setInt32(0, ifindex, LE);
  v.setUint16(4, type, LE);
  v.setUint16(6, Math.min(address.length, 8), LE);
  b.set(address.subarray(0, 8), 8);
  return b;
}

/** struct ifreq (40 bytes): the name, then a union read by the caller at offset 16. */
export function encodeIfreq(name: string): Uint8Array {
  const bytes = new TextEncoder().encode(name);
  if (bytes.length === 0 || bytes.length >= IFNAMSIZ) {
    throw new RangeError(`interface name must be 1-15 bytes: ${JSON.stringify(name)}`);
  }
  const b = new Uint8Array(40);
  b.set(bytes);
  return b;
}

export function ifreqInt(b: Uint8Array): number {
  return view(b).getInt32(16, LE);
}

export function setIfreqShort(b: Uint8Array, value: number): void {
  view(b).setUint16(16, value, LE);
}

export function ifreqShort(b: Uint8Array): number {
  return view(b).getUint16(16, LE);
}

export interface PktInfo {
  ifindex: number;
  /** ipi_spec_dst: the local address a reply would come from. */
  localAddress: string;
  /** ipi_addr: the destination in the IP header (255.255.255.255 for a limited broadcast). */
  destination: string;
}

/**
 * Finds IP_PKTINFO (level IPPROTO_IP 0, type 8) in a control buffer of 64-bit cmsghdrs
 * ({ size_t len; int level; int type; data }, each aligned to 8 bytes).
 */
export function findPktInfo(control: Uint8Array): PktInfo | undefined {
  const v = view(control);
  let at = 0;
  while (at + 16 <= control.length) {
    const len = Number(v.getBigUint64(at, LE));
    if (len < 16 || at + len > control.length) return undefined;
    if (v.getInt32(at + 8, LE) === 0 && v.getInt32(at + 12, LE) === 8 && len >= 28) {
      return {
        ifindex: v.getInt32(at + 16, LE),
        localAddress: bytesToIPv4(control, at + 20),
        destination: bytesToIPv4(control, at + 24),
      };
    }
    at += (len + 7) & ~7;
  }
  return undefined;
}

/** The text before the first NUL of a fixed-size C name field. */
export function cName(b: Uint8Array): string {
  const end = b.indexOf(0);
  return new TextDecoder().decode(end < 0 ? b : b.subarray(0, end));
}
