import type { Reservation } from '../config/reservations.ts';
import type { Range, Subnet } from '../config/subnet.ts';
import { isActive } from '../leases/lease.ts';
import type { PolicyEnv } from './types.ts';

/** Who is asking: its key (lease.ts) and the reservation made for it, if any. */
export interface Client {
  key: string;
  reservation: Reservation | undefined;
}

const NOBODY: Client = { key: '', reservation: undefined };

/**
 * Finds addresses for new clients. Each pool has a cursor that moves round-robin, so an
 * address that was just freed is the last to be reused: a client coming back later finds its
 * old address still free (sticky without a lookup). The first pass takes only addresses no
 * one has held; when the pool has none, the second takes any free one. The cursor is the only
 * state, and it changes no outcome a client could rely on.
 */
export class Allocator {
  readonly #cursor = new Map<string, number>();
  /** Where in each pool the cursor starts, as a fraction of its size (see the constructor). */
  readonly #start: number;

  /**
   * `start` in [0, 1): servers sharing one store (etcd) start their cursors at different points
   * of each pool, so that two of them answering new clients at once rarely pick the same free
   * address (one would lose the claim and its client would have to ask again). The pool stays
   * one pool: each server still hands out any free address of it.
   */
  constructor(start = 0) {
    this.#start = start;
  }

  #first(pool: Range, key: string): number {
    const at = this.#cursor.get(key);
    if (at !== undefined && at >= pool.first && at <= pool.last) return at;
    return pool.first + Math.floor((pool.last - pool.first + 1) * this.#start);
  }
  /** Pool key -> LeaseTable.freed when the first pass last came back empty. */
  readonly #noVirgin = new Map<string, number>();

  /** May this client be given this address now? */
  isFree(address: number, client: Client, env: PolicyEnv, excluded?: ReadonlySet<number>): boolean {
    if (excluded?.has(address)) return false;
    const reserved = env.config.reservations.forAddress(address);
    if (reserved && reserved !== client.reservation) return false;
    const lease = env.leases.get(address);
    if (lease && isActive(lease, env.now) && (lease.clientKey !== client.key || lease.state === 'declined'))
      return false;
    const offer = env.leases.offerOn(address, env.now);
    if (offer && offer.clientKey !== client.key) return false;
    return env.probeStatus(address) !== 'in-use';
  }

  inPools(subnet: Subnet, address: number): boolean {
    return subnet.pools.some((p) => p.first <= address && address <= p.last);
  }

  /** The next free pool address for a new client, or undefined when every pool is full. */
  pick(subnet: Subnet, client: Client, env: PolicyEnv, excluded: ReadonlySet<number>): number | undefined {
    for (const virginOnly of [true, false]) {
      for (const pool of subnet.pools) {
        const key = `${subnet.id}/${pool.first}`;
        if (virginOnly && this.#noVirgin.get(key) === env.leases.freed) continue;
        const found = this.#scan(pool, key, (a) => {
          if (virginOnly && env.leases.get(a) !== undefined) return false;
          return this.isFree(a, client, env, excluded);
        });
        if (found !== undefined) return found;
        if (virginOnly) this.#noVirgin.set(key, env.leases.freed);
      }
    }
    return undefined;
  }

  /** The next `count` never-used free addresses after each cursor, taking none: what the prober checks ahead. */
  peek(subnet: Subnet, count: number, env: PolicyEnv, excluded: ReadonlySet<number>): number[] {
    const out: number[] = [];
    for (const pool of subnet.pools) {
      // Bounded: in a nearly full pool, probing ahead is not worth a long scan per request.
      const size = Math.min(pool.last - pool.first + 1, 4096);
      let at = this.#first(pool, `${subnet.id}/${pool.first}`);
      for (let i = 0, found = 0; i < size && found < count; i++, at = at >= pool.last ? pool.first : at + 1) {
        if (env.leases.get(at) === undefined && this.isFree(at, NOBODY, env, excluded)) {
          out.push(at);
          found++;
        }
      }
    }
    return out;
  }

  #scan(pool: Range, key: string, ok: (address: number) => boolean): number | undefined {
    const size = pool.last - pool.first + 1;
    let at = this.#first(pool, key);
    for (let i = 0; i < size; i++) {
      const next = at >= pool.last ? pool.first : at + 1;
      if (ok(at)) {
        this.#cursor.set(key, next);
        return at;
      }
      at = next;
    }
    return undefined;
  }
}
