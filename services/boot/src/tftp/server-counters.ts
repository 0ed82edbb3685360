import type { SessionStats } from './lane-session.ts';
import type { TransferOutcome } from './transfer.ts';

/** Server-wide totals for /metrics; every drop is counted under its reason. */
export class ServerCounters {
  requests = 0;
  refused = 0;
  completed = 0;
  probes = 0;
  failed = 0;
  bytesSent = 0;
  retransmits = 0;
  unknownTid = 0;
  garbage = 0;
  readonly dropped = new Map<string, number>();

  drop(reason: string): void {
    // Decoder reasons carry offsets; count by their stable prefix so the map stays small.
    const key = reason.replace(/ at offset \d+.*$/, '').replace(/\d+/g, 'N');
    this.dropped.set(key, (this.dropped.get(key) ?? 0) + 1);
  }

  /** A transfer's end; without stats when its lane died under it. */
  record(outcome: TransferOutcome | { kind: 'failed' }, stats: SessionStats | undefined): void {
    if (outcome.kind === 'complete') this.completed++;
    else if (outcome.kind === 'probe') this.probes++;
    else this.failed++;
    if (!stats) return;
    this.bytesSent += stats.bytes;
    this.retransmits += stats.retransmits;
    this.unknownTid += stats.unknownTid;
    this.garbage += stats.garbage;
  }
}
