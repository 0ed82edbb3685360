/**
 * Port lists as people write them ("22,80,8000-8100"): parsed into merged ascending ranges, or
 * refused with a message naming the bad part. nmap's syntax, without its service names.
 */
export type PortRange = readonly [lo: number, hi: number];

export const DEFAULT_PORTS = '1-1024';

function port(text: string, whole: string): number {
  if (!/^\d{1,5}$/.test(text)) throw new RangeError(`not a port: ${JSON.stringify(text)} in ${JSON.stringify(whole)}`);
  const n = Number(text);
  if (n < 1 || n > 65535) throw new RangeError(`port ${n} is outside 1-65535 in ${JSON.stringify(whole)}`);
  return n;
}

/** Parses a port list into merged, ascending ranges. */
export function parsePortList(text: string): PortRange[] {
  const whole = text.trim() === '' ? DEFAULT_PORTS : text;
  const ranges: Array<[number, number]> = [];
  for (const raw of whole.split(',')) {
    const part = raw.trim();
    if (part === '') throw new RangeError(`empty entry in port list ${JSON.stringify(whole)}`);
    const m = /^([^-]*)-([^-]*)$/.exec(part);
    const lo = port(m ? m[1]!.trim() || '1' : part, whole);
    const hi = m ? port(m[2]!.trim() || '65535', whole) : lo;
    if (lo > hi) throw new RangeError(`port range ${part} runs backwards in ${JSON.stringify(whole)}`);
    ranges.push([lo, hi]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

export function portCount(ranges: readonly PortRange[]): number {
  return ranges.reduce((n, [lo, hi]) => n + hi - lo + 1, 0);
}

export function* eachPort(ranges: readonly PortRange[]): Generator<number> {
  for (const [lo, hi] of ranges) for (let p = lo; p <= hi; p++) yield p;
}

/** The canonical text of ranges ("22,80,8000-8100"). */
export function formatPortList(ranges: readonly PortRange[]): string {
  return ranges.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(',');
}
