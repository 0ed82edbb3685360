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

/** The first value with this code (decoded messages hold each code once). */
export function getOption(options: readonly DhcpOption[], code: number): Uint8Array | undefined {
  for (let i = 0; i < options.length; i++) if (options[i]!.code === code) return options[i]!.data;
  return undefined;
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
 * file, then sname), and the option takes the place of its first instance. A joined value is
 * a new array; an option met once keeps the value it was given (decode gives copies).
 */
export function joinInstances(instances: readonly DhcpOption[]): DhcpOption[] {
  if (!hasRepeatedCode(instances)) return instances.slice();
  const parts = new Map<number, Uint8Array[]>();
  for (const { code, data } of instances) {
    const list = parts.get(code);
    if (list) list.push(data);
    else parts.set(code, [data]);
  }
  return Array.from(parts, ([code, list]) => ({ code, data: concat(list) }));
}

/** Per code, the call that last saw it: a bitmap that needs no clearing (and no allocation). */
const seenIn = new Uint32Array(256);
let call = 0;

/**
 * Whether any code appears twice. The common case, every code once, needs no joining. Runs for
 * every datagram and every reply, so it stamps a shared table with a call number instead of
 * allocating a bitmap (an allocation over 64 bytes lives outside V8's heap and costs a malloc).
 */
export function hasRepeatedCode(options: readonly { code: number }[]): boolean {
  if (++call === 0xffffffff) {
    seenIn.fill(0);
    call = 1;
  }
  for (let i = 0; i < options.length; i++) {
    const code = options[i]!.code;
    if (seenIn[code] === call) return true;
    seenIn[code] = call;
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
