import { bytesOfHex, check, hexOf, isUint, type OptionKind } from './option-kind.ts';

export interface SubOption {
  code: number;
  /** hex */
  data: string;
}

/**
 * Encapsulated TLV sub-options, as in option 43 (PXE, RFC 2132 §8.4), 82 (RFC 3046 §2.0:
 * 1 circuit id, 2 remote id, ...) and 175 (iPXE). The message keeps the raw bytes; this is a
 * view. Pad (0) and End (255) are honoured inside option 43/175 as vendors send them.
 */
export const subOptions: OptionKind<SubOption[]> = {
  kind: 'sub-options',
  decode: (d) => {
    const out: SubOption[] = [];
    let at = 0;
    while (at < d.length) {
      const code = d[at]!;
      if (code === 0) {
        at++;
        continue;
      }
      if (code === 255) return at === d.length - 1 || d.subarray(at + 1).every((b) => b === 0) ? out : undefined;
      const len = d[at + 1];
      if (len === undefined || at + 2 + len > d.length) return undefined;
      out.push({ code, data: hexOf(d.subarray(at + 2, at + 2 + len)) });
      at += 2 + len;
    }
    return out;
  },
  encode: (v) => {
    check(Array.isArray(v), `expected a list of sub-options, got ${JSON.stringify(v)}`);
    const out: number[] = [];
    for (const s of v) {
      check(isUint(s?.code, 255), `sub-option code must be 0..255: ${JSON.stringify(s)}`);
      const data = bytesOfHex(s.data);
      check(data.length < 256, `sub-option ${s.code} longer than 255 bytes`);
      out.push(s.code, data.length, ...data);
    }
    return Uint8Array.from(out);
  },
};

/** The raw value of one sub-option (e.g. option 82's circuit id), or undefined. */
export function findSubOption(data: Uint8Array, code: number): Uint8Array | undefined {
  const found = subOptions.decode(data)?.find((s) => s.code === code);
  return found ? bytesOfHex(found.data) : undefined;
}
