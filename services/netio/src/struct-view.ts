/**
 * Readers for the kernel structs of kernel-structs.ts, in place: from a DataView over native
 * memory at an offset, without copying the bytes or making a view of them. For the hot receive
 * path (recv-mmsg.ts), where each datagram's address and IP_PKTINFO are read this way.
 */
import { endianness } from 'node:os';
import type { PktInfo } from './kernel-structs.ts';
import { C } from './libc.ts';

const LE = endianness() === 'LE';

const dotted = (v: DataView, at: number) =>
  `${v.getUint8(at)}.${v.getUint8(at + 1)}.${v.getUint8(at + 2)}.${v.getUint8(at + 3)}`;

/** decodeSockaddrIn (kernel-structs.ts), read in place: family AF_INET, port and address in network order. */
export function sockaddrInAt(v: DataView, at: number, len: number): { address: string; port: number } {
  if (len < 8 || v.getUint16(at, LE) !== C.AF_INET) return { address: '0.0.0.0', port: 0 };
  return { address: dotted(v, at + 4), port: v.getUint16(at + 2) };
}

/** findPktInfo (kernel-structs.ts), read in place: IP_PKTINFO among 64-bit cmsghdrs. */
export function pktInfoAt(v: DataView, start: number, length: number): PktInfo | undefined {
  for (let at = 0; at + 16 <= length; ) {
    // cmsg_len is a size_t; a control buffer of 64 bytes never needs its high half.
    const len = v.getUint32(start + at + 4, LE) === 0 ? v.getUint32(start + at, LE) : Number.POSITIVE_INFINITY;
    if (len < 16 || at + len > length) return undefined;
    if (
      v.getInt32(start + at + 8, LE) === C.IPPROTO_IP &&
      v.getInt32(start + at + 12, LE) === C.IP_PKTINFO &&
      len >= 28
    ) {
      const ifindex = v.getInt32(start + at + 16, LE);
      return { ifindex, localAddress: dotted(v, start + at + 20), destination: dotted(v, start + at + 24) };
    }
    at += (len + 7) & ~7;
  }
  return undefined;
}
