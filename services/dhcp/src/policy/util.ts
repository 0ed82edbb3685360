import { dottedQuad } from '@paddock/dhcp-codec';

/** An optional dotted quad as a number; undefined when absent or not an address. */
export function ipv4ToNumberOr(text: string | undefined): number | undefined {
  const n = text === undefined ? -1 : dottedQuad(text);
  return n < 0 ? undefined : n;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex of bytes, with an optional separator; a table lookup per byte (hot path). */
export function hex(bytes: Uint8Array, sep = ''): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (i > 0 ? sep : '') + HEX[bytes[i]!];
  return out;
}
