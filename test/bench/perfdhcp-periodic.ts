/**
 * perfdhcp's periodic reports (`-t 1`): each line is cumulative,
 * `sent: DO/RA; received: DO/RA; drops: DO/RA; rejected: DO/RA`, DO for DISCOVER-OFFER and RA
 * for REQUEST-ACK. Its `drops` there are exchanges sent and not yet answered (they fall when
 * a late answer arrives), so a period's loss is read from the ACKs it received instead: the
 * shortfall against the median period before a fault.
 */
export interface Period {
  /** ACKs received in this period. */
  acks: number;
}

const LINE = /^sent: (\d+)\/(\d+); received: (\d+)\/(\d+);/;

export function parsePeriodic(out: string): Period[] {
  const acks = out
    .split('\n')
    .map((l) => LINE.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[4]));
  return acks.map((a, i) => ({ acks: a - (acks[i - 1] ?? 0) }));
}

export interface Elevation {
  /** Median ACKs per period before the fault (the first period, ramping up, left out). */
  normal: number;
  /** Periods after the fault that received under 90 % of `normal`. */
  elevated: number;
  /** The largest shortfall after the fault, 0..1. */
  peak: number;
  /** Periods from the fault to the end of the last short one; undefined if still short at the end. */
  recoveredAfter: number | undefined;
}

/** How the ACK rate moved after a fault injected `at` periods into the run. */
export function elevatedSeconds(rows: readonly Period[], at: number): Elevation {
  const early = rows
    .slice(1, at)
    .map((r) => r.acks)
    .sort((a, b) => a - b);
  const normal = early[Math.floor(early.length / 2)] ?? 0;
  // perfdhcp's last period is cut short by its end: not a fault's doing.
  const after = rows.slice(at, -1).map((r) => (normal > 0 ? Math.max(0, 1 - r.acks / normal) : 0));
  const short = after.map((s) => s > 0.1);
  const last = short.lastIndexOf(true);
  return {
    normal,
    elevated: short.filter(Boolean).length,
    peak: Math.max(0, ...after),
    recoveredAfter: last === after.length - 1 && after.length > 0 ? undefined : last + 1,
  };
}
