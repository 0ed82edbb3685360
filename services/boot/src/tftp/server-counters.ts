import type { SessionStats } from './lane-session.ts';
import type { TransferOutcome } from './transfer.ts';

/**
 * Why a datagram on the request port got no answer: a closed set, so that neither the counters
 * nor the metric labels can grow with what senders put in their packets.
 */
export const DROP_REASONS = [
  /** Not a TFTP packet, and not claiming to be a request (answering could reflect traffic). */
  'undecodable',
  /** A well-formed DATA, ACK, ERROR or OACK sent to the request port. */
  'not-a-request',
  /** The same client port asked again before its first answer left. */
  'repeated-request',
  /** The request port's socket reported an error. */
  'socket-error',
  /** Opening or starting the transfer failed inside the server. */
  'internal-error',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

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
  readonly dropped = new Map<DropReason, number>();

  drop(reason: DropReason): void {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + 1);
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
