import { numberToIPv4 } from '@paddock/wire';
import type { Lease } from '../leases/lease.ts';
import type { CommitOutcome, LeaseStore } from '../leases/lease-store.ts';
import type { LeaseTable } from '../leases/lease-table.ts';

interface Waiter {
  rows: readonly Lease[];
  done: () => void;
  failed: (err: Error) => void;
}

/**
 * Makes lease changes durable in batches. Every row decided in one turn of the server's intake
 * goes into one transaction, flushed at the end of the turn (other rows at the next check
 * phase, setImmediate); only after it has committed (synchronous=FULL: on disk) do the
 * waiting replies leave. So an ACK is never sent for a lease a crash could lose, and one
 * fsync serves a whole burst instead of one per client.
 */
export class GroupCommit {
  readonly #store: LeaseStore;
  readonly #table: LeaseTable;
  #rows: Lease[] = [];
  #waiters: Waiter[] = [];
  #scheduled: NodeJS.Immediate | undefined;
  #inFlight: Promise<void> | undefined;
  /** Sizes of the batches committed, for the metrics. */
  onBatch: (rows: number) => void = () => {};

  constructor(store: LeaseStore, table: LeaseTable) {
    this.#store = store;
    this.#table = table;
  }

  get pending(): number {
    return this.#rows.length;
  }

  /** Queues rows; `done` runs once they are durable, `failed` if the commit failed. */
  add(rows: readonly Lease[], done: () => void = () => {}, failed: (err: Error) => void = () => {}): void {
    this.#rows.push(...rows);
    this.#store.note?.(rows);
    this.#waiters.push({ rows, done, failed });
    this.#scheduled ??= setImmediate(() => this.flush());
  }

  commit(rows: readonly Lease[]): Promise<void> {
    return new Promise((resolve, reject) => this.add(rows, resolve, reject));
  }

  /**
   * Commits everything queued now. With a store that commits asynchronously (a writer
   * thread), one batch is in flight at a time: rows arriving meanwhile form the next batch,
   * submitted as soon as the first is durable.
   */
  flush(): void {
    if (this.#scheduled) clearImmediate(this.#scheduled);
    this.#scheduled = undefined;
    if (this.#inFlight || this.#waiters.length === 0) return;
    const waiters = this.#waiters;
    const rows = lastPerAddress(this.#rows);
    this.#rows = [];
    this.#waiters = [];
    this.#table.stamp(rows);
    let result: ReturnType<LeaseStore['commit']>;
    try {
      result = rows.length > 0 ? this.#store.commit(rows) : undefined;
    } catch (err) {
      for (const w of waiters) w.failed(err as Error);
      return;
    }
    if (!result) {
      this.#done(rows, waiters);
      return;
    }
    this.#inFlight = result.then(
      (outcome) => this.#done(rows, waiters, outcome ?? undefined),
      (err: Error) => {
        for (const w of waiters) w.failed(err);
      },
    );
    void this.#inFlight.finally(() => {
      this.#inFlight = undefined;
      if (this.#waiters.length > 0) this.flush();
    });
  }

  #done(rows: Lease[], waiters: Waiter[], outcome?: CommitOutcome | undefined): void {
    const lost = new Set(outcome?.lost ?? []);
    const written = lost.size === 0 ? rows : rows.filter((l) => !lost.has(l.address));
    if (written.length > 0) {
      this.onBatch(written.length);
      this.#table.committed(written);
    }
    for (const w of waiters) {
      const gone = lost.size === 0 ? undefined : w.rows.find((l) => lost.has(l.address));
      if (gone) w.failed(new ClaimLost(gone.address));
      else w.done();
    }
  }

  /** Resolves when everything queued so far is durable (shutdown). */
  async drain(): Promise<void> {
    while (this.#inFlight || this.#waiters.length > 0) {
      this.flush();
      await this.#inFlight;
    }
  }
}

/** Another server claimed the address first (shared stores): the reply is withheld, not an error. */
export class ClaimLost extends Error {
  readonly address: number;
  constructor(address: number) {
    super(`another server claimed ${numberToIPv4(address)} first`);
    this.address = address;
  }
}

/** A batch may change one address twice (a RELEASE then a new ACK): only the last state counts. */
function lastPerAddress(rows: readonly Lease[]): Lease[] {
  if (rows.length < 2) return [...rows];
  const last = new Map<number, Lease>();
  for (const l of rows) {
    last.delete(l.address);
    last.set(l.address, l);
  }
  return [...last.values()];
}
