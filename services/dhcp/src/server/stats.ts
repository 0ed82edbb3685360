import { Counter, Histogram, type Registry } from 'prom-client';

type Tally = Map<string, number>;

const bump = (t: Tally, key: string) => t.set(key, (t.get(key) ?? 0) + 1);

/**
 * Counters for GetStats and Prometheus: requests by message type, replies by type, drops by
 * reason, conflict probes by outcome, and commit batch sizes (the group commit at work). The
 * hot path only bumps a Map; Prometheus reads the Maps when scraped (prom-client `collect`).
 */
export class DhcpStats {
  readonly received: Tally = new Map();
  readonly sent: Tally = new Map();
  readonly dropped: Tally = new Map();
  readonly probes: Tally = new Map();
  readonly #batch: Histogram | undefined;

  constructor(registry?: Registry) {
    if (!registry) return;
    const registers = [registry];
    const counter = (name: string, help: string, label: string, tally: Tally) =>
      new Counter({
        name,
        help,
        labelNames: [label],
        registers,
        collect() {
          this.reset();
          for (const [k, v] of tally) this.inc({ [label]: k }, v);
        },
      });
    counter('paddock_dhcp_received_total', 'DHCP requests received, by message type', 'type', this.received);
    counter('paddock_dhcp_sent_total', 'DHCP replies sent, by message type', 'type', this.sent);
    counter('paddock_dhcp_dropped_total', 'DHCP datagrams dropped, by reason', 'reason', this.dropped);
    counter('paddock_dhcp_probes_total', 'Conflict probes, by outcome', 'outcome', this.probes);
    this.#batch = new Histogram({
      name: 'paddock_dhcp_commit_batch_rows',
      help: 'Lease rows per committed transaction',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers,
    });
  }

  countReceived(type: string): void {
    bump(this.received, type);
  }

  countSent(type: string): void {
    bump(this.sent, type);
  }

  countDropped(reason: string): void {
    bump(this.dropped, reason);
  }

  countProbe(outcome: 'clear' | 'in-use' | 'skipped' | 'failed'): void {
    bump(this.probes, outcome);
  }

  countBatch(rows: number): void {
    this.#batch?.observe(rows);
  }
}
