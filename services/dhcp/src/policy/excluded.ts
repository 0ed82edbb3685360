import { ipv4ToNumber } from '@paddock/wire';
import type { Subnet } from '../config/subnet.ts';

interface Memo {
  interfaceAddresses: readonly number[];
  serverId: string;
  set: ReadonlySet<number>;
}

/**
 * Subnet -> the last set of excluded addresses built for it. Subnets are immutable snapshots (a
 * config change builds new ones) and a link's address list is replaced, never edited, when it
 * is re-read; so with the same subnet, list and server id the set is the same, and a request
 * needs not build it anew. Owned by the server, like ReplyCache.
 */
export class ExcludedSets {
  readonly #memo = new WeakMap<Subnet, Memo>();

  /** Addresses never handed out in this subnet: the receiving interface's, ours (option 54), the routers'. */
  of(subnet: Subnet, interfaceAddresses: readonly number[], serverId: string): ReadonlySet<number> {
    const m = this.#memo.get(subnet);
    if (m && m.interfaceAddresses === interfaceAddresses && m.serverId === serverId) return m.set;
    const set = new Set([...interfaceAddresses, ipv4ToNumber(serverId), ...subnet.routers]);
    this.#memo.set(subnet, { interfaceAddresses, serverId, set });
    return set;
  }
}
