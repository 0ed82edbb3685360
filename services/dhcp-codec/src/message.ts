import type { DhcpOption } from './option-list.ts';

/** RFC 2131 §2 fixed header: op..giaddr (28 bytes), chaddr 16, sname 64, file 128. */
export const FIXED_HEADER_LENGTH = 236;
export const SNAME_OFFSET = 44;
export const SNAME_LENGTH = 64;
export const FILE_OFFSET = 108;
export const FILE_LENGTH = 128;
/** RFC 2131 §3: the first four octets of the options field are 99.130.83.99. */
export const MAGIC_COOKIE = 0x63825363;
/** RFC 951: a BOOTP message is at least 300 bytes; some relays and ROMs drop shorter ones. */
export const BOOTP_MINIMUM_LENGTH = 300;
/** RFC 2131 §2: the chaddr field is 16 bytes. */
export const MAX_HLEN = 16;
/** RFC 2131 §2: the leftmost bit of flags asks for a broadcast reply. */
export const BROADCAST_FLAG = 0x8000;

export const BOOTREQUEST = 1;
export const BOOTREPLY = 2;

/**
 * One DHCPv4 message. Options are raw bytes by code, in first-seen order, with RFC 3396
 * instances already joined; the Pad, End and Overload (52) options are framing and never appear
 * here (encode adds them as needed). sname and file hold their bytes without trailing NULs, and
 * are empty when the sender used them for options.
 */
export interface DhcpMessage {
  op: number;
  htype: number;
  hlen: number;
  hops: number;
  xid: number;
  secs: number;
  flags: number;
  ciaddr: string;
  yiaddr: string;
  siaddr: string;
  giaddr: string;
  /** hlen bytes of client hardware address. */
  chaddr: Uint8Array;
  sname: Uint8Array;
  file: Uint8Array;
  options: DhcpOption[];
}

export function isBroadcast(m: DhcpMessage): boolean {
  return (m.flags & BROADCAST_FLAG) !== 0;
}

const EMPTY = new Uint8Array(0);

/**
 * Bytes up to the last non-zero byte: what a NUL-padded fixed field really holds. A copy; an
 * all-NUL field (sname and file of nearly every request) gives one shared empty array.
 */
export function trimNuls(b: Uint8Array): Uint8Array {
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  return end === 0 ? EMPTY : b.slice(0, end);
}

/** A fixed text field (sname, file) read as text up to its first NUL. */
export function fieldText(b: Uint8Array): string {
  const nul = b.indexOf(0);
  return new TextDecoder().decode(nul < 0 ? b : b.subarray(0, nul));
}

export function textField(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** A fresh message with zeroed addresses, for building replies and in tests. */
export function emptyMessage(op: number = BOOTREQUEST): DhcpMessage {
  return {
    op,
    htype: 1,
    hlen: 6,
    hops: 0,
    xid: 0,
    secs: 0,
    flags: 0,
    ciaddr: '0.0.0.0',
    yiaddr: '0.0.0.0',
    siaddr: '0.0.0.0',
    giaddr: '0.0.0.0',
    chaddr: new Uint8Array(6),
    sname: new Uint8Array(0),
    file: new Uint8Array(0),
    options: [],
  };
}
