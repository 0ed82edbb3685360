import { ByteReader } from '@paddock/wire';
import { type DhcpOption, OPTION_END, OPTION_PAD } from './option-list.ts';

export type AreaResult = { ok: true; instances: DhcpOption[] } | { ok: false; detail: string };

/**
 * Reads the TLV instances of one option area (the options field, or file/sname when
 * overloaded). RFC 2132 §3.1–3.2: Pad (0) and End (255) have no length byte; bytes after End
 * are padding and ignored. A missing End is tolerated, as old BOOTP relays and ROMs omit it;
 * a length running past the area is not. Values are views into `area`: decode hands it a copy.
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
    instances.push({ code, data });
  }
  return { ok: true, instances };
}

/** Bytes one instance takes on the wire (code, length, value). */
export function instanceSize(o: DhcpOption): number {
  return 2 + o.data.length;
}

/** Bytes a list of instances takes on the wire, End not included. */
export function areaSize(instances: readonly DhcpOption[]): number {
  let n = 0;
  for (const o of instances) n += instanceSize(o);
  return n;
}

/**
 * Writes instances then End into `out` at `at`. The caller sized `out` and zeroed it, so the
 * rest of a fixed field (file, sname) is already Pad.
 */
export function writeOptionAreaAt(out: Uint8Array, at: number, instances: readonly DhcpOption[]): void {
  for (const o of instances) {
    out[at] = o.code;
    out[at + 1] = o.data.length;
    out.set(o.data, at + 2);
    at += 2 + o.data.length;
  }
  out[at] = OPTION_END;
}
