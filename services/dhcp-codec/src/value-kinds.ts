import { bytesToIPv4 } from '@paddock/wire';
import { dottedQuad } from './dotted-quad.ts';
import { bytesOfHex, check, hexOf, isUint, type OptionKind } from './option-kind.ts';

const utf8 = new TextEncoder();
/** One decoder for every text option: decode() without streaming keeps no state between calls. */
const fromUtf8 = new TextDecoder();

export const ipv4: OptionKind<string> = {
  kind: 'ipv4',
  decode: (d) => (d.length === 4 ? bytesToIPv4(d) : undefined),
  encode: (v) => {
    const n = typeof v === 'string' ? dottedQuad(v) : -1;
    check(n >= 0, `not an IPv4 address: ${JSON.stringify(v)}`);
    return Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
  },
};

/** RFC 2132 lists of addresses (routers, DNS, NTP): at least one, 4 bytes each. */
export const ipv4List: OptionKind<string[]> = {
  kind: 'ipv4-list',
  decode: (d) =>
    d.length >= 4 && d.length % 4 === 0
      ? Array.from({ length: d.length / 4 }, (_, i) => bytesToIPv4(d, i * 4))
      : undefined,
  encode: (v) => {
    check(Array.isArray(v) && v.length > 0, `expected a non-empty list of IPv4 addresses, got ${JSON.stringify(v)}`);
    return Uint8Array.from(v.flatMap((ip) => Array.from(ipv4.encode(ip))));
  },
};

/** Big-endian unsigned integers; every reply carries three u32s (lease time, T1, T2). */
function uint(bytes: 1 | 2 | 4): OptionKind<number> {
  const max = 2 ** (8 * bytes) - 1;
  return {
    kind: `u${8 * bytes}`,
    decode: (d) => {
      if (d.length !== bytes) return undefined;
      let n = 0;
      for (let i = 0; i < bytes; i++) n = n * 256 + d[i]!;
      return n;
    },
    encode: (v) => {
      check(isUint(v, max), `expected an integer in 0..${max}, got ${JSON.stringify(v)}`);
      if (bytes === 1) return Uint8Array.of(v);
      if (bytes === 2) return Uint8Array.of(v >>> 8, v & 255);
      return Uint8Array.of(v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
    },
  };
}

export const u8 = uint(1);
export const u16 = uint(2);
export const u32 = uint(4);

/** NVT ASCII in RFC 2132; read as UTF-8. Trailing NULs are dropped (some clients add one). */
export const text: OptionKind<string> = {
  kind: 'text',
  decode: (d) => {
    if (d.length === 0) return undefined;
    let end = d.length;
    while (end > 0 && d[end - 1] === 0) end--;
    return fromUtf8.decode(d.subarray(0, end));
  },
  encode: (v) => {
    check(typeof v === 'string' && v.length > 0, `expected a non-empty string, got ${JSON.stringify(v)}`);
    return utf8.encode(v);
  },
};

/** Opaque bytes shown as hex (client id, vendor-specific data that is not TLV). */
export const hex: OptionKind<string> = {
  kind: 'hex',
  decode: (d) => hexOf(d),
  encode: (v) => bytesOfHex(v),
};

/** A list of codes, one byte each: the parameter request list (RFC 2132 §9.8). */
export const u8List: OptionKind<number[]> = {
  kind: 'u8-list',
  decode: (d) => {
    if (d.length === 0) return undefined;
    // A loop, not Array.from: every reply reads the request's list, and Array.from iterates.
    const out = new Array<number>(d.length);
    for (let i = 0; i < d.length; i++) out[i] = d[i]!;
    return out;
  },
  encode: (v) => {
    check(Array.isArray(v) && v.length > 0 && v.every((x) => isUint(x, 255)), `expected codes 0..255: ${v}`);
    return Uint8Array.from(v);
  },
};

/** RFC 4578 §2.1: client system architectures, a list of u16 (0 BIOS, 7 EFI x64, 16 HTTP). */
export const u16List: OptionKind<number[]> = {
  kind: 'u16-list',
  decode: (d) =>
    d.length >= 2 && d.length % 2 === 0
      ? Array.from({ length: d.length / 2 }, (_, i) => d[2 * i]! * 256 + d[2 * i + 1]!)
      : undefined,
  encode: (v) => {
    check(Array.isArray(v) && v.length > 0, `expected a non-empty list of u16, got ${JSON.stringify(v)}`);
    return Uint8Array.from(v.flatMap((x) => Array.from(u16.encode(x))));
  },
};

export interface ClientNdi {
  type: number;
  major: number;
  minor: number;
}

/** RFC 4578 §2.2: network interface identifier, type 1 = UNDI, then major and minor. */
export const clientNdi: OptionKind<ClientNdi> = {
  kind: 'client-ndi',
  decode: (d) => (d.length === 3 ? { type: d[0]!, major: d[1]!, minor: d[2]! } : undefined),
  encode: (v) => Uint8Array.of(...[v?.type, v?.major, v?.minor].map((x) => u8.encode(x as number)[0]!)),
};

/** RFC 4578 §2.3: type 0 then a 16-byte UUID, shown in wire order (as iPXE sends it). */
export const clientGuid: OptionKind<string> = {
  kind: 'client-guid',
  decode: (d) => {
    if (d.length !== 17 || d[0] !== 0) return undefined;
    const h = hexOf(d.subarray(1));
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  },
  encode: (v) => {
    check(typeof v === 'string' && /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(v), `not a UUID: ${v}`);
    return Uint8Array.of(0, ...bytesOfHex(v.replace(/-/g, '')));
  },
};
