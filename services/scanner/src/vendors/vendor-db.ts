/**
 * Vendor names for MAC addresses: a PrefixTrie filled from every IEEE registry (MA-L, MA-M,
 * MA-S, IAB), so 70:b3:d5:f2:f0:00 names the MA-S registrant rather than the IEEE itself, which
 * holds 70:B3:D5 as MA-L.
 */
import { isMac } from '@paddock/wire';
import { isLocallyAdministered, isMulticast, localConvention } from './local-conventions.ts';
import { PrefixTrie } from './prefix-trie.ts';
import type { RegistryEntry } from './registry-csv.ts';

export interface VendorInfo {
  organization: string;
  registry: string;
  prefix: string;
  locallyAdministered: boolean;
  multicast: boolean;
  note: string;
}

interface Assignment {
  organization: string;
  registry: string;
}

export class VendorDb {
  readonly #trie = new PrefixTrie<Assignment>();
  readonly #names = new Map<string, string>();

  get size(): number {
    return this.#trie.size;
  }

  /** Adds registry entries; organisation names are interned (many registrants hold hundreds). */
  add(entries: Iterable<RegistryEntry>): void {
    for (const e of entries) {
      const organization = this.#names.get(e.organization) ?? e.organization;
      this.#names.set(organization, organization);
      this.#trie.set(e.prefix, { organization, registry: e.registry });
    }
  }

  /** Looks a MAC up; throws a RangeError naming it when it is not a MAC address. */
  lookup(mac: string): VendorInfo {
    if (!isMac(mac)) throw new RangeError(`not a MAC address: ${JSON.stringify(mac)}`);
    const digits = mac.replace(/[:-]/g, '').toUpperCase();
    const first = Number.parseInt(digits.slice(0, 2), 16);
    const info: VendorInfo = {
      organization: '',
      registry: '',
      prefix: '',
      locallyAdministered: isLocallyAdministered(first),
      multicast: isMulticast(first),
      note: '',
    };
    if (info.locallyAdministered) {
      info.note = localConvention(digits) ?? 'locally administered';
      return info;
    }
    const hit = this.#trie.match(digits);
    if (hit) Object.assign(info, { ...hit.value, prefix: hit.prefix });
    return info;
  }
}
