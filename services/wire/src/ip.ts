/** IPv4 and MAC address helpers shared by the codecs: text <-> bytes, with validation. */

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIPv4(text: string): boolean {
  return IPV4.test(text);
}

/** Parses dotted-quad text into 4 bytes; throws a RangeError naming the value when invalid. */
export function ipv4ToBytes(text: string): Uint8Array {
  if (!IPV4.test(text)) throw new RangeError(`not an IPv4 address: ${JSON.stringify(text)}`);
  return Uint8Array.from(text.split('.').map(Number));
}

export function bytesToIPv4(b: Uint8Array, at = 0): string {
  return `${b[at] ?? 0}.${b[at + 1] ?? 0}.${b[at + 2] ?? 0}.${b[at + 3] ?? 0}`;
}

export function ipv4ToNumber(text: string): number {
  const b = ipv4ToBytes(text);
  return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
}

export function numberToIPv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export interface Cidr {
  /** Network address (host bits zero) as a number. */
  network: number;
  prefix: number;
  /** Netmask as a number. */
  mask: number;
}

/** Parses "a.b.c.d/n"; throws a RangeError naming the value when invalid. */
export function parseCidr(text: string): Cidr {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(text);
  const prefix = m ? Number(m[2]) : Number.NaN;
  if (!m || !isIPv4(m[1]!) || prefix > 32) throw new RangeError(`not an IPv4 CIDR: ${JSON.stringify(text)}`);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { network: (ipv4ToNumber(m[1]!) & mask) >>> 0, prefix, mask };
}

export function cidrContains(cidr: Cidr, ip: number): boolean {
  return (ip & cidr.mask) >>> 0 === cidr.network;
}

const MAC = /^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i;

export function isMac(text: string): boolean {
  return MAC.test(text);
}

/** Parses "aa:bb:cc:dd:ee:ff" (or dashes); throws a RangeError naming the value when invalid. */
export function macToBytes(text: string): Uint8Array {
  if (!MAC.test(text)) throw new RangeError(`not a MAC address: ${JSON.stringify(text)}`);
  return Uint8Array.from(text.split(/[:-]/).map((h) => Number.parseInt(h, 16)));
}

/** Lower-case colon-separated hex of any length (MACs, client ids, hardware addresses). */
export function bytesToHex(b: Uint8Array, sep = ':'): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(sep);
}
