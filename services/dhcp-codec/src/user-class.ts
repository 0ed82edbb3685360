import { check, type OptionKind } from './option-kind.ts';

/**
 * Option 77. RFC 3004 §4 says: a list of (length, data) items. iPXE and many PXE ROMs send a
 * plain string instead ("iPXE"). Bytes that parse exactly as RFC 3004 items are read as such;
 * anything else is the plain form. Encoding a string gives the plain form, a list RFC 3004.
 */
export type UserClass = { format: 'rfc3004'; classes: string[] } | { format: 'plain'; text: string };

const latin1 = (b: Uint8Array): string => String.fromCharCode(...b);
const bytesOf = (s: string): number[] => Array.from(new TextEncoder().encode(s));

export const userClass: OptionKind<UserClass> = {
  kind: 'user-class',
  decode: (d) => {
    if (d.length === 0) return undefined;
    const classes = rfc3004Items(d);
    if (classes) return { format: 'rfc3004', classes };
    return { format: 'plain', text: new TextDecoder().decode(d) };
  },
  encode: (v) => {
    if (v?.format === 'plain') {
      check(typeof v.text === 'string' && v.text.length > 0, 'plain user class needs non-empty text');
      return Uint8Array.from(bytesOf(v.text));
    }
    check(v?.format === 'rfc3004' && Array.isArray(v.classes) && v.classes.length > 0, 'user class needs classes');
    const out: number[] = [];
    for (const c of v.classes) {
      const b = typeof c === 'string' ? bytesOf(c) : [];
      check(b.length > 0 && b.length < 256, `user class item must be 1..255 bytes: ${JSON.stringify(c)}`);
      out.push(b.length, ...b);
    }
    return Uint8Array.from(out);
  },
};

function rfc3004Items(d: Uint8Array): string[] | undefined {
  const items: string[] = [];
  let at = 0;
  while (at < d.length) {
    const len = d[at]!;
    if (len === 0 || at + 1 + len > d.length) return undefined;
    items.push(latin1(d.subarray(at + 1, at + 1 + len)));
    at += 1 + len;
  }
  return items;
}
