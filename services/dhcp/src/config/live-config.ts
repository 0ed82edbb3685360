import { createHash } from 'node:crypto';
import type { ConfigKind, ConfigStore, StoredDoc } from '../store/config-store.ts';
import { DhcpConfig } from './config-state.ts';
import { parseDoc, type ReservationDoc, reservationSchema, type SubnetDoc, subnetSchema } from './schema.ts';

type Docs = { subnet: Map<string, StoredDoc>; reservation: Map<string, StoredDoc> };

/**
 * The configuration that changes while the server runs. Each change is checked by building a
 * whole new DhcpConfig first, then written to the store, then swapped in: a bad change is
 * refused with a message and leaves both the store and the running server as they were.
 *
 * Subnets and reservations from the config file (or quick flags) are written at start when
 * their definition in the file is new or changed (a hash remembers which definition was
 * applied); changes made through the API stay until the file's definition of them changes.
 * Documents the file defined once and no longer does are removed.
 */
export class LiveConfig {
  #current: DhcpConfig;
  readonly #docs: Docs;
  readonly #store: ConfigStore;
  readonly #listeners = new Set<(c: DhcpConfig) => void>();
  /**
   * The store's mark when the documents were last loaded (shared stores only). Unset at first,
   * and left as it was after this server's own writes, so the next poll loads once more: a
   * change another server made in between is never taken as seen.
   */
  #mark: string | undefined;

  constructor(
    store: ConfigStore,
    file: { subnets: SubnetDoc[]; reservations: ReservationDoc[] } = { subnets: [], reservations: [] },
  ) {
    this.#store = store;
    this.#docs = { subnet: byId(store.load('subnet')), reservation: byId(store.load('reservation')) };
    const changes = [
      ...seed('subnet', this.#docs.subnet, file.subnets),
      ...seed('reservation', this.#docs.reservation, file.reservations),
    ];
    this.#current = this.#build(this.#docs);
    if (changes.length > 0) store.write(changes);
  }

  /**
   * Loads the documents again when another server changed them (a shared store's mark moved)
   * and swaps in the result; a set that does not build is refused, the running config kept.
   * Returns what happened, for the log.
   */
  refresh(): 'same' | 'reloaded' | { refused: string } {
    const mark = this.#store.mark?.();
    if (mark === undefined || mark === this.#mark) return 'same';
    this.#mark = mark;
    const docs: Docs = { subnet: byId(this.#store.load('subnet')), reservation: byId(this.#store.load('reservation')) };
    let built: DhcpConfig;
    try {
      built = this.#build(docs);
    } catch (err) {
      return { refused: (err as Error).message };
    }
    this.#docs.subnet = docs.subnet;
    this.#docs.reservation = docs.reservation;
    this.#current = built;
    for (const l of this.#listeners) l(built);
    return 'reloaded';
  }

  get current(): DhcpConfig {
    return this.#current;
  }

  onChange(listener: (c: DhcpConfig) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  has(kind: ConfigKind, id: string): boolean {
    return this.#docs[kind].has(id);
  }

  /** Puts (doc) or deletes (undefined) one document; throws a RangeError when the result is invalid. */
  change(kind: ConfigKind, id: string, doc: SubnetDoc | ReservationDoc | undefined): void {
    const next: Docs = { subnet: new Map(this.#docs.subnet), reservation: new Map(this.#docs.reservation) };
    const fileHash = this.#docs[kind].get(id)?.fileHash ?? null;
    if (doc === undefined) next[kind].delete(id);
    else next[kind].set(id, { id, doc, fileHash });
    const built = this.#build(next);
    this.#store.write([{ kind, id, doc, fileHash }]);
    this.#docs[kind] = next[kind];
    this.#current = built;
    for (const l of this.#listeners) l(built);
  }

  #build(docs: Docs): DhcpConfig {
    const subnets = [...docs.subnet.values()].map((d) => parseDoc(subnetSchema, d.doc, `subnet ${d.id}`));
    const reservations = [...docs.reservation.values()].map((d) =>
      parseDoc(reservationSchema, d.doc, `reservation ${d.id}`),
    );
    return new DhcpConfig(subnets, reservations);
  }
}

function byId(docs: StoredDoc[]): Map<string, StoredDoc> {
  return new Map(docs.map((d) => [d.id, d]));
}

function seed(kind: ConfigKind, stored: Map<string, StoredDoc>, fromFile: readonly { id: string }[]) {
  const changes = [];
  const ids = new Set(fromFile.map((d) => d.id));
  for (const doc of fromFile) {
    const fileHash = createHash('sha256').update(JSON.stringify(doc)).digest('hex');
    if (stored.get(doc.id)?.fileHash === fileHash) continue;
    stored.set(doc.id, { id: doc.id, doc, fileHash });
    changes.push({ kind, id: doc.id, doc, fileHash });
  }
  for (const [id, d] of stored) {
    if (d.fileHash !== null && !ids.has(id)) {
      stored.delete(id);
      changes.push({ kind, id });
    }
  }
  return changes;
}
