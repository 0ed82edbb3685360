import type { NewEvent } from './event-log.ts';

/**
 * Longest text kept per field of a recorded event, in characters. Filenames, TFTP options and
 * client error messages come from unauthenticated packets; a 30 KB name must cost its first
 * bytes, not 30 KB, in a log of 100 000 rows.
 */
export const FIELD_LIMITS = { mac: 32, ip: 64, file: 256, detail: 512, rule: 128, report: 16 * 1024 } as const;

/** Default size budget of the whole log (its text), beside the row cap. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** Fixed cost of a row (integers, keys, SQLite overhead) in the size budget. */
export const ROW_OVERHEAD = 64;

const clipText = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** The event with every text field cut to its limit. */
export function clipEvent<E extends NewEvent>(e: E): E {
  const out = { ...e };
  for (const [key, max] of Object.entries(FIELD_LIMITS) as [keyof typeof FIELD_LIMITS, number][]) {
    const v = out[key];
    if (typeof v === 'string') out[key] = clipText(v, max);
  }
  return out;
}
