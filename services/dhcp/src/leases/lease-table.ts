import type { Lease } from './lease.ts';

/** An address promised in an OFFER, held in memory only (RFC 2131 §4.3.1: the hold is local). */
export interface Offer {
  address: number;
  clientKey: string;
  until: number;
}

export type LeaseListener = (lease: Lease) => void;

/**
 * The in-memory authority for every decision: leases by address and by client, and offers.
 * Requests are handled one at a time on the event loop, so a change made here is seen by the
 * very next request, before it is durable. Durability and revisions come at commit (see
 * group-commit.ts): `stamp` numbers the rows of one batch, `committed` tells watchers.
 */
export class LeaseTable {
  readonly #byAddress = new Map<number, Lease>();
  readonly #byClient = new Map<string, number>();
  readonly #offers = new Map<number, Offer>();
  readonly #offerByClient = new Map<string, number>();
  readonly #listeners = new Set<LeaseListener>();
  #revision = 0;
  /** Bumped whenever an address may have become free: lets the allocator cache "pool full". */
  freed = 0;

  constructor(rows: readonly Lease[] = []) {
    for (const l of rows) {
      this.put(l);
      this.#revision = Math.max(this.#revision, l.revision);
    }
  }

  /** The revision of the last committed change. */
  get revision(): number {
    return this.#revision;
  }

  get size(): number {
    return this.#byAddress.size;
  }

  get(address: number): Lease | undefined {
    return this.#byAddress.get(address);
  }

  /** The latest row that still belongs to this client, in whatever state. */
  forClient(clientKey: string): Lease | undefined {
    const address = this.#byClient.get(clientKey);
    const lease = address === undefined ? undefined : this.#byAddress.get(address);
    return lease?.clientKey === clientKey ? lease : undefined;
  }

  put(lease: Lease): void {
    const old = this.#byAddress.get(lease.address);
    if (old && old.state === 'bound' && lease.state !== 'bound') this.freed++;
    this.#byAddress.set(lease.address, lease);
    if (lease.clientKey) this.#byClient.set(lease.clientKey, lease.address);
  }

  values(): IterableIterator<Lease> {
    return this.#byAddress.values();
  }

  /** The live offer on an address, if any. */
  offerOn(address: number, now: number): Offer | undefined {
    const o = this.#offers.get(address);
    if (o && o.until <= now) {
      this.dropOffer(address);
      return undefined;
    }
    return o;
  }

  offerFor(clientKey: string, now: number): Offer | undefined {
    const address = this.#offerByClient.get(clientKey);
    const o = address === undefined ? undefined : this.offerOn(address, now);
    return o?.clientKey === clientKey ? o : undefined;
  }

  hold(offer: Offer): void {
    const previous = this.#offerByClient.get(offer.clientKey);
    if (previous !== undefined && previous !== offer.address) this.dropOffer(previous);
    this.#offers.set(offer.address, offer);
    this.#offerByClient.set(offer.clientKey, offer.address);
  }

  dropOffer(address: number): void {
    const o = this.#offers.get(address);
    if (!o) return;
    this.#offers.delete(address);
    if (this.#offerByClient.get(o.clientKey) === address) this.#offerByClient.delete(o.clientKey);
    this.freed++;
  }

  offerCount(now: number, inRange: (address: number) => boolean): number {
    let n = 0;
    for (const o of this.#offers.values()) if (o.until > now && inRange(o.address)) n++;
    return n;
  }

  /** Gives each row of a batch the next revision, in order. */
  stamp(rows: readonly Lease[]): void {
    for (const l of rows) l.revision = ++this.#revision;
  }

  /**
   * Rows another server committed (shared store): numbered in this table's revision order, put
   * in, and told to watchers like our own. An offer we made on one of those addresses to another
   * client is withdrawn: the address is taken.
   */
  applyRemote(rows: readonly Lease[]): void {
    for (const l of rows) {
      const offer = this.#offers.get(l.address);
      if (offer && offer.clientKey !== l.clientKey) this.dropOffer(l.address);
      this.put(l);
    }
    this.stamp(rows);
    this.committed(rows);
  }

  committed(rows: readonly Lease[]): void {
    for (const l of rows) for (const listener of this.#listeners) listener(l);
  }

  subscribe(listener: LeaseListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
