import { Counter, type Registry } from 'prom-client';

type Tally = Map<string, number>;

/** Issued certificates by kind and refusals by reason, for GetStats and Prometheus. */
export class KeyStats {
  readonly issued: Tally = new Map();
  readonly refused: Tally = new Map();

  constructor(registry?: Registry) {
    if (!registry) return;
    const counter = (name: string, help: string, label: string, tally: Tally) =>
      new Counter({
        name,
        help,
        labelNames: [label],
        registers: [registry],
        collect() {
          this.reset();
          for (const [k, v] of tally) this.inc({ [label]: k }, v);
        },
      });
    counter('paddock_keys_issued_total', 'Certificates issued, by kind', 'kind', this.issued);
    counter('paddock_keys_refused_total', 'Requests refused, by reason', 'reason', this.refused);
  }

  count(t: 'issued' | 'refused', key: string): void {
    const tally = this[t];
    tally.set(key, (tally.get(key) ?? 0) + 1);
  }
}
