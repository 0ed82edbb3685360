/**
 * How one option's value reads and writes. `decode` returns undefined for malformed bytes (the
 * raw bytes stay in the message; only the typed view fails). `encode` checks its input at run
 * time too, because config values arrive untyped, and throws a RangeError saying what is wrong.
 */
export interface OptionKind<T> {
  readonly kind: string;
  decode(data: Uint8Array): T | undefined;
  encode(value: T): Uint8Array;
}

export function check(ok: boolean, message: string): asserts ok {
  if (!ok) throw new RangeError(message);
}

export function isUint(v: unknown, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
}

export function hexOf(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** Accepts "0a0b", "0a:0b", "0a-0b" or "0a 0b"; throws on anything else. */
export function bytesOfHex(text: unknown): Uint8Array {
  check(typeof text === 'string', `expected a hex string, got ${JSON.stringify(text)}`);
  const clean = text.replace(/[\s:-]/g, '');
  check(/^([0-9a-fA-F]{2})*$/.test(clean), `not hex bytes: ${JSON.stringify(text)}`);
  return Uint8Array.from(clean.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
}
