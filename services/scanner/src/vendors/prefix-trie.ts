/**
 * Longest-prefix match over MAC prefixes written as hex digits (one nibble each). Every IEEE
 * assignment is at least 24 bits long, so the first level is one wide hash step on the 6-digit
 * OUI, and only the few OUIs carved into MA-M / MA-S / IAB blocks get deeper nibble levels: a
 * pointer-per-nibble trie of the ~50 000 assignments would cost tens of megabytes.
 */

const ROOT_DIGITS = 6;

interface TrieNode<V> {
  value?: V;
  children?: Map<string, TrieNode<V>>;
}

export interface PrefixMatch<V> {
  value: V;
  /** The matching prefix in hex digits. */
  prefix: string;
}

export class PrefixTrie<V> {
  readonly #root = new Map<string, TrieNode<V>>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Adds (or replaces) the value for a prefix of at least 6 hex digits. */
  set(prefix: string, value: V): void {
    const digits = prefix.toUpperCase();
    if (digits.length < ROOT_DIGITS || digits.length > 12 || !/^[0-9A-F]+$/.test(digits)) {
      throw new RangeError(`a MAC prefix is 6 to 12 hex digits, got ${JSON.stringify(prefix)}`);
    }
    const oui = digits.slice(0, ROOT_DIGITS);
    let node = this.#root.get(oui) ?? {};
    this.#root.set(oui, node);
    for (const nibble of digits.slice(ROOT_DIGITS)) {
      node.children ??= new Map();
      const next: TrieNode<V> = node.children.get(nibble) ?? {};
      node.children.set(nibble, next);
      node = next;
    }
    if (node.value === undefined) this.#size++;
    node.value = value;
  }

  /** The value of the longest stored prefix of `digits` (12 hex digits of a MAC), if any. */
  match(digits: string): PrefixMatch<V> | undefined {
    const key = digits.toUpperCase();
    let node = this.#root.get(key.slice(0, ROOT_DIGITS));
    let best: PrefixMatch<V> | undefined;
    for (let depth = ROOT_DIGITS; node; depth++) {
      if (node.value !== undefined) best = { value: node.value, prefix: key.slice(0, depth) };
      if (depth >= key.length) break;
      node = node.children?.get(key[depth]!);
    }
    return best;
  }
}
