import { check, type OptionKind } from './option-kind.ts';

/** RFC 1035 §2.3.4: labels of 1–63 bytes, a name of at most 255 bytes on the wire. */
const MAX_LABEL = 63;
const MAX_NAME_WIRE = 255;
const LABEL = /^[\x21-\x2d\x2f-\x7e]{1,63}$/;

/**
 * Option 119, domain search list (RFC 3397): DNS names in RFC 1035 wire form, compression
 * pointers being offsets into the (RFC 3396 joined) option value. A pointer must point before
 * the label that holds it, so a pointer loop cannot be written and decoding always ends.
 */
export const domainSearch: OptionKind<string[]> = {
  kind: 'domain-list',
  decode: (d) => {
    const names: string[] = [];
    let at = 0;
    while (at < d.length) {
      const name = readName(d, at);
      if (!name) return undefined;
      names.push(name.text);
      at = name.next;
    }
    return names.length > 0 ? names : undefined;
  },
  encode: (v) => {
    check(Array.isArray(v) && v.length > 0, `expected a non-empty list of domain names, got ${JSON.stringify(v)}`);
    const out: number[] = [];
    const suffixes = new Map<string, number>();
    for (const name of v) writeName(out, suffixes, name);
    return Uint8Array.from(out);
  },
};

function readName(d: Uint8Array, start: number): { text: string; next: number } | undefined {
  const labels: string[] = [];
  let at = start;
  let next: number | undefined;
  let wire = 1;
  for (;;) {
    const len = d[at];
    if (len === undefined) return undefined;
    if (len === 0) break;
    if ((len & 0xc0) === 0xc0) {
      const target = ((len & 0x3f) << 8) | (d[at + 1] ?? 0xff);
      if (at + 1 >= d.length || target >= at) return undefined; // forward or self pointer: loop guard
      next ??= at + 2;
      at = target;
      continue;
    }
    if (len > MAX_LABEL || at + 1 + len > d.length) return undefined;
    const label = String.fromCharCode(...d.subarray(at + 1, at + 1 + len));
    wire += 1 + len;
    if (!LABEL.test(label) || wire > MAX_NAME_WIRE) return undefined;
    labels.push(label);
    at += 1 + len;
  }
  return { text: labels.length === 0 ? '.' : labels.join('.'), next: next ?? at + 1 };
}

function writeName(out: number[], suffixes: Map<string, number>, name: unknown): void {
  check(typeof name === 'string' && name.length > 0, `not a domain name: ${JSON.stringify(name)}`);
  const labels = name === '.' ? [] : name.replace(/\.$/, '').split('.');
  check(
    labels.every((l) => LABEL.test(l)),
    `not a domain name: ${JSON.stringify(name)}`,
  );
  check(labels.reduce((n, l) => n + 1 + l.length, 1) <= MAX_NAME_WIRE, `domain name too long: ${name}`);
  for (let i = 0; i < labels.length; i++) {
    const suffix = labels.slice(i).join('.').toLowerCase();
    const seen = suffixes.get(suffix);
    if (seen !== undefined) {
      out.push(0xc0 | (seen >> 8), seen & 0xff);
      return;
    }
    // RFC 1035 §4.1.4: pointers have 14 bits of offset.
    if (out.length < 0x4000) suffixes.set(suffix, out.length);
    out.push(labels[i]!.length, ...Array.from(labels[i]!, (c) => c.charCodeAt(0)));
  }
  out.push(0);
}
