/**
 * Which etcd revision each decision was based on. A server decides from its in-memory table;
 * the claim it sends must compare against the mod revision of the address's key *as the table
 * knew it when deciding*, not when the batch is flushed (a watch event may land in between, and
 * comparing against it would overwrite the very write that made the decision stale).
 *
 * Pure bookkeeping, no I/O: `known` follows etcd (loads, watch events, our own writes);
 * `note` pins a basis at decision time; `take` hands the pinned basis to a claim.
 */
export class ClaimBasis {
  /** Address -> the mod revision of its key as last seen ("0": never written). */
  readonly #known = new Map<number, bigint>();
  /** Address -> the basis pinned by the first decision not yet claimed. */
  readonly #pinned = new Map<number, bigint>();
  /** Addresses in the claim now in flight: a decision on one of them builds on our own write. */
  readonly #inFlight = new Set<number>();
  /** Addresses decided on top of an in-flight claim: their basis is that claim's outcome. */
  readonly #onOwn = new Set<number>();

  known(address: number): bigint {
    return this.#known.get(address) ?? 0n;
  }

  /** Records etcd's revision for a key; false when it is not newer than what is known. */
  see(address: number, mod: bigint): boolean {
    if (mod <= this.known(address)) return false;
    this.#known.set(address, mod);
    return true;
  }

  note(address: number): void {
    if (this.#pinned.has(address) || this.#onOwn.has(address)) return;
    if (this.#inFlight.has(address)) this.#onOwn.add(address);
    else this.#pinned.set(address, this.known(address));
  }

  /** The basis for claiming now; the address counts as in flight until `settle`. */
  take(address: number): bigint {
    const basis = this.#onOwn.has(address) ? this.known(address) : (this.#pinned.get(address) ?? this.known(address));
    this.#pinned.delete(address);
    this.#onOwn.delete(address);
    this.#inFlight.add(address);
    return basis;
  }

  /**
   * The claim on this address ended: written at `mod`, or lost to a value at `mod`. A decision
   * taken meanwhile on top of a lost claim was built on a row that never existed: it is pinned
   * to a basis no key can have, so its claim fails too and the table is corrected.
   */
  settle(address: number, mod: bigint, won: boolean): void {
    this.#inFlight.delete(address);
    this.see(address, mod);
    if (!won && this.#onOwn.delete(address)) this.#pinned.set(address, -1n);
  }

  /** After a full reload: what was known is replaced; pinned decisions stay pinned. */
  reset(mods: Iterable<[number, bigint]>): void {
    this.#known.clear();
    for (const [a, m] of mods) this.#known.set(a, m);
  }
}
