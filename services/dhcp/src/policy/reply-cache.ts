import type { DhcpOption } from '@paddock/dhcp-codec';
import type { Subnet } from '../config/subnet.ts';

/** Stands in for a relay's option 82 in a shared list; each reply gets its request's own. */
const RELAY_SLOT: DhcpOption = Object.freeze({ code: 82, data: new Uint8Array(0) });
/** Distinct lists kept per subnet; past this (request lists made up by a fuzzer) it starts over. */
const MAX_LISTS = 1024;

/**
 * Subnet -> key -> the options of a reply no reply step calls personal (reply-steps.ts). Those
 * depend only on the subnet, the message type, our server id, the lease time, the request's
 * parameter request list and whether a relay sent option 82; a subnet's clients send a handful
 * of distinct lists, so each combination is built once (by the reply chain) and then shared,
 * frozen. Subnets are immutable snapshots: a config change makes new ones, and new lists.
 * Owned by the server (one per PolicyEnv's caches), so two servers in a process share nothing.
 */
export class ReplyCache {
  readonly #lists = new WeakMap<Subnet, Map<string, readonly DhcpOption[]>>();

  /** The list for `key` (which must name all of the above), built with `build` the first time. */
  options(subnet: Subnet, key: string, relayInfo: Uint8Array | undefined, build: () => DhcpOption[]): DhcpOption[] {
    let bySubnet = this.#lists.get(subnet);
    if (!bySubnet) {
      bySubnet = new Map();
      this.#lists.set(subnet, bySubnet);
    }
    let list = bySubnet.get(key);
    if (!list) {
      if (bySubnet.size >= MAX_LISTS) bySubnet.clear();
      // With relay information the built list carries this request's echo of it (RFC 3046 §2.2): keep its place only.
      const built = build();
      list = Object.freeze(relayInfo ? built.map((o) => (o.code === 82 ? RELAY_SLOT : o)) : built);
      bySubnet.set(key, list);
    }
    if (!relayInfo) return list as DhcpOption[];
    return list.map((o) => (o === RELAY_SLOT ? { code: 82, data: relayInfo } : o));
  }
}
