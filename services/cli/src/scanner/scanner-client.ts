/** Connects a client verb to the server offering the scanner (found in the data dir by default). */
import { ScannerServiceDefinition } from '@paddock/proto/scanner/v1/scanner.ts';
import { WakeServiceDefinition } from '@paddock/proto/scanner/v1/wake.ts';
import { withClientOf } from '../client-options.ts';

export const withScanner = withClientOf(ScannerServiceDefinition);
export const withWake = withClientOf(WakeServiceDefinition);

/** "12 s ago", "3 min ago", for last-seen columns. */
export function ago(unixMs: bigint, now = Date.now()): string {
  if (unixMs === 0n) return '-';
  const s = Math.max(0, Math.round((now - Number(unixMs)) / 1000));
  if (s < 120) return `${s} s ago`;
  if (s < 7200) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

/** Parses a positive integer option, naming it when bad. */
export function intOption(name: string, value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${JSON.stringify(value)}`);
  return n;
}
