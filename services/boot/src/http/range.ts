import parseRange from 'range-parser';

/** How to answer a GET or HEAD for a file of `size` bytes. */
export type BodyPlan =
  | { status: 200 | 206; start: number; end: number; headers: Record<string, string> }
  | { status: 416; headers: Record<string, string> };

/**
 * RFC 9110 §14: one byte range is served as 206 with Content-Range; a malformed Range, or one
 * with several ranges, is ignored and the whole file sent (§14.2 lets a server do that, and boot
 * clients never ask for several); an unsatisfiable one is 416 with `bytes * /size`. If-Range
 * with a stale ETag gets the whole file (§13.1.5). `end` is inclusive.
 */
export function planBody(size: number, etag: string, range: string | undefined, ifRange: string | undefined): BodyPlan {
  const common = { 'accept-ranges': 'bytes', etag };
  const whole: BodyPlan = {
    status: 200,
    start: 0,
    end: size - 1,
    headers: { ...common, 'content-length': String(size) },
  };
  if (!range || (ifRange !== undefined && ifRange !== etag)) return whole;
  const parsed = parseRange(size, longSuffixes(size, range), { combine: true });
  if (parsed === -1) return { status: 416, headers: { ...common, 'content-range': `bytes */${size}` } };
  if (parsed === -2 || parsed.type !== 'bytes' || parsed.length !== 1) return whole;
  const { start, end } = parsed[0]!;
  return {
    status: 206,
    start,
    end,
    headers: { ...common, 'content-length': String(end - start + 1), 'content-range': `bytes ${start}-${end}/${size}` },
  };
}

/**
 * RFC 9110 §14.1.2: a suffix range longer than the representation selects all of it
 * (range-parser calls it unsatisfiable), so `-N` with N ≥ size becomes `0-`.
 */
function longSuffixes(size: number, range: string): string {
  const m = /^\s*bytes\s*=(.*)$/i.exec(range);
  if (!m || size === 0) return range;
  const specs = m[1]!.split(',').map((spec) => {
    const suffix = /^\s*-\s*(\d+)\s*$/.exec(spec);
    return suffix && Number(suffix[1]) >= size ? '0-' : spec;
  });
  return `bytes=${specs.join(',')}`;
}

const TYPES: Record<string, string> = {
  ipxe: 'text/plain; charset=utf-8',
  cfg: 'text/plain; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  yaml: 'text/yaml; charset=utf-8',
  json: 'application/json',
  iso: 'application/x-iso9660-image',
};

/** Boot files are binaries; the few text formats get a text type so browsers show them. */
export function contentType(name: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  return TYPES[ext] ?? 'application/octet-stream';
}
