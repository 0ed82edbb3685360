import { ByteReader, ByteWriter } from '@paddock/wire';
import { type DhcpOption, OPTION_END, OPTION_PAD } from './option-list.ts';

export type AreaResult = { ok: true; instances: DhcpOption[] } | { ok: false; detail: string };

/**
 * Reads the TLV instances of one option area (the options field, or file/sname when
 * overloaded). RFC 2132 §3.1–3.2: Pad (0) and End (255) have no length byte; bytes after End
 * are padding and ignored. A missing End is tolerated, as old BOOTP relays and ROMs omit it;
 * a length running past the area is not.
 */
export function readOptionArea(area: Uint8Array, where: string): AreaResult {
  const r = new ByteReader(area);
  const instances: DhcpOption[] = [];
  while (r.remaining > 0) {
    const at = r.offset;
    const code = r.u8();
    if (code === OPTION_PAD) continue;
    if (code === OPTION_END) break;
    const length = r.u8();
    const data = r.bytes(length);
    if (!r.ok) return { ok: false, detail: `option ${code} at ${where} offset ${at} runs past the end` };
    instances.push({ code, data: data.slice() });
  }
  return { ok: true, instances };
}

/** Bytes one instance takes on the wire (code, length, value). */
export function instanceSize(o: DhcpOption): number {
  return 2 + o.data.length;
}

/** Writes instances then End, padding with zeros (Pad) up to `size` when given. */
export function writeOptionArea(instances: readonly DhcpOption[], size?: number): Uint8Array {
  const w = new ByteWriter(size ?? 312);
  writeOptionAreaTo(w, instances, size);
  return w.finish();
}

/** The same, appended to a writer already in use (encode writes one message in one buffer). */
export function writeOptionAreaTo(w: ByteWriter, instances: readonly DhcpOption[], size?: number): void {
  const start = w.length;
  for (const o of instances) w.u8(o.code).u8(o.data.length).bytes(o.data);
  w.u8(OPTION_END);
  if (size !== undefined && w.length - start < size) w.zeros(size - (w.length - start));
}
