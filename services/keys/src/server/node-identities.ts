import type { KeyAuthority } from './key-authority.ts';

/**
 * What other services in the same process learn of node identities: which nodes still hold a
 * live one, and each node whose certificates were revoked (the overlay drops its members).
 * Usable before the keys module has started; it answers once the authority is open.
 */
export class NodeIdentities {
  #ka: KeyAuthority | undefined;
  readonly #listeners = new Set<(nodes: string[]) => void>();

  attach(ka: KeyAuthority): void {
    this.#ka = ka;
    ka.onRevoke((certs) => {
      const nodes = [...new Set(certs.filter((c) => c.kind === 'x509' && c.role === 'node').map((c) => c.subject))];
      if (nodes.length) for (const l of [...this.#listeners]) l(nodes);
    });
  }

  /** The nodes that hold a live identity; undefined until the keys service is running. */
  liveIdentities(): ReadonlySet<string> | undefined {
    return this.#ka?.liveIdentities();
  }

  onRevoked(listener: (nodes: string[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
