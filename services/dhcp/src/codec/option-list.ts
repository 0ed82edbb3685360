/** One option as carried: its code and its whole value (RFC 3396 instances joined). */
export interface DhcpOption {
  code: number;
  data: Uint8Array;
}

export const OPTION_PAD = 0;
export const OPTION_OVERLOAD = 52;
export const OPTION_END = 255;
/** RFC 2132 §2: one instance carries at most 255 bytes of value. */
export const MAX_INSTANCE_LENGTH = 255;

export function getOption(options: readonly DhcpOption[], code: number): Uint8Array | undefined {
  return options.find((o) => o.code === code)?.data;
}

/** A copy of the list with `code` set to `data`, in its old place or appended. */
export function withOption(options: readonly DhcpOption[], code: number, data: Uint8Array): DhcpOption[] {
  if (code <= OPTION_PAD || code >= OPTION_END || code === OPTION_OVERLOAD) {
    throw new RangeError(`option ${code} is framing, not a value option`);
  }
  const at = options.findIndex((o) => o.code === code);
  if (at < 0) return [...options, { code, data }];
  return options.map((o, i) => (i === at ? { code, data } : o));
}

export function withoutOption(options: readonly DhcpOption[], code: number): DhcpOption[] {
  return options.filter((o) => o.code !== code);
}

/**
 * RFC 3396 §5: instances of one code are concatenated in the order met (options field, then
 * file, then sname), and the option takes the place of its first instance.
 */
export function joinInstances(instances: readonly DhcpOption[]): DhcpOption[] {
  if (!hasRepeats(instances)) return instances.map((o) => ({ code: o.code, data: o.data.slice() }));
  const parts = new Map<number, Uint8Array[]>();
  for (const { code, data } of instances) {
    const list = parts.get(code);
    if (list) list.push(data);
    else parts.set(code, [data]);
  }
  return Array.from(parts, ([code, list]) => ({ code, data: concat(list) }));
}

/** The common case, every code once, needs no joining (checked with a 256-entry bitmap). */
function hasRepeats(instances: readonly DhcpOption[]): boolean {
  const seen = new Uint8Array(256);
  for (const { code } of instances) {
    if (seen[code]) return true;
    seen[code] = 1;
  }
  return false;
}

/** RFC 3396 §6: a value longer than 255 bytes goes out as consecutive instances. */
export function splitInstances(option: DhcpOption): DhcpOption[] {
  if (option.data.length <= MAX_INSTANCE_LENGTH) return [option];
  const out: DhcpOption[] = [];
  for (let at = 0; at < option.data.length; at += MAX_INSTANCE_LENGTH) {
    out.push({ code: option.code, data: option.data.subarray(at, at + MAX_INSTANCE_LENGTH) });
  }
  return out;
}

function concat(list: Uint8Array[]): Uint8Array {
  if (list.length === 1) return list[0]!.slice();
  const out = new Uint8Array(list.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of list) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}
