/**
 * The agents' underlay probe: 12 bytes, "PDKP", a kind (1 request, 2 answer), three zero bytes,
 * a 32-bit sequence number. Pure: anything else decodes to a named drop.
 */
export type Probe = { kind: 'request' | 'answer'; seq: number };

const MAGIC = 0x50444b50; // "PDKP"

export function encodeProbe(p: Probe): Uint8Array {
  const b = new Uint8Array(12);
  const v = new DataView(b.buffer);
  v.setUint32(0, MAGIC);
  v.setUint8(4, p.kind === 'request' ? 1 : 2);
  v.setUint32(8, p.seq >>> 0);
  return b;
}

export function decodeProbe(b: Uint8Array): Probe | { drop: string } {
  if (b.length !== 12) return { drop: 'length' };
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (v.getUint32(0) !== MAGIC) return { drop: 'magic' };
  const kind = v.getUint8(4);
  if ((kind !== 1 && kind !== 2) || v.getUint8(5) | v.getUint8(6) | v.getUint8(7)) return { drop: 'kind' };
  return { kind: kind === 1 ? 'request' : 'answer', seq: v.getUint32(8) };
}
