import type { Link, LinkReport } from '@paddock/proto/overlay/v1/overlay.ts';

/**
 * Whether a new measurement is worth publishing: a path that came up or went down, a new
 * endpoint seen (NAT), or latency or loss that moved more than jitter does. Publishing every
 * report would wake every agent every second for nothing.
 */
export function linkChanged(old: Link | undefined, r: LinkReport): boolean {
  if (!old) return true;
  if (old.up !== r.up || old.seenEndpoint !== r.seenEndpoint) return true;
  const dl = Math.abs(old.latencyUs - r.latencyUs);
  if (dl > Math.max(5000, old.latencyUs / 2)) return true;
  return Math.abs(old.lossPercent - r.lossPercent) >= 20;
}
