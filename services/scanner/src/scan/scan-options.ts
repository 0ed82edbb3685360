/**
 * ScanOptions from the API, checked and with defaults filled in: the RetryPolicy a scan runs
 * with. Defaults are at least as thorough as arp-scan's (2 tries, 500 ms, ×1.5): 3 tries, and
 * replies count until 500 ms after the last request.
 */
import type { ScanOptions } from '@paddock/proto/scanner/v1/scanner.ts';
import type { RetryPolicy } from '../arp/probe-scheduler.ts';

export const SCAN_DEFAULTS = { rate: 1000, tries: 3, timeoutMs: 500, backoff: 1.5 } as const;

function within(name: string, value: number, lo: number, hi: number): number {
  if (!(value >= lo && value <= hi)) throw new RangeError(`${name} must be between ${lo} and ${hi}, got ${value}`);
  return value;
}

/** The policy for these options; a RangeError names the first bad value. */
export function toRetryPolicy(o: ScanOptions | undefined): RetryPolicy {
  const timeoutMs = within('timeout_ms', o?.timeoutMs || SCAN_DEFAULTS.timeoutMs, 10, 60_000);
  return {
    rate: within('rate', o?.rate || SCAN_DEFAULTS.rate, 1, 100_000),
    tries: within('tries', o?.tries || SCAN_DEFAULTS.tries, 1, 10),
    timeoutMs,
    backoff: within('backoff', o?.backoff || SCAN_DEFAULTS.backoff, 1, 10),
    adaptive: !o?.fixedTimeout,
    minTimeoutMs: Math.min(50, timeoutMs),
    lingerMs: timeoutMs,
  };
}

/** The options as recorded with a scan: defaults written out, so a reader sees what ran. */
export function effectiveOptions(o: ScanOptions | undefined, cidrs: string[]): ScanOptions {
  const p = toRetryPolicy(o);
  return {
    cidrs,
    rate: p.rate,
    tries: p.tries,
    timeoutMs: p.timeoutMs,
    backoff: p.backoff,
    fixedTimeout: !p.adaptive,
  };
}
