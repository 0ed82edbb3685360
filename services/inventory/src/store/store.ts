import type { Node } from '../model/node.ts';

/**
 * Where nodes live: SQLite by default, in memory for unit tests (etcd later, for several
 * instances). Every write bumps one revision counter, and is kept in a change log that
 * WatchNodes replays; a feed's cursor is written in the same transaction as the nodes it
 * changed, so a restart neither loses nor repeats what a feed delivered.
 */
export type ChangeKind = 'created' | 'updated' | 'deleted';

export interface Change {
  kind: ChangeKind;
  revision: bigint;
  /** The node after the change; for deletions, as it was. */
  node: Node;
}

export type Write =
  /** `create`: the id must be new. Otherwise the node must exist (at expectedRevision, when given). */
  | { kind: 'put'; node: Node; create?: boolean; expectedRevision?: bigint }
  | { kind: 'delete'; id: string; expectedRevision?: bigint };

export interface Batch {
  writes: Write[];
  /** A feed's position, saved with the writes. */
  cursor?: { feed: string; revision: bigint };
}

export type Conflict =
  | { kind: 'not-found'; id: string }
  | { kind: 'exists'; id: string }
  | { kind: 'name-taken'; name: string; by: string }
  | { kind: 'mac-taken'; mac: string; by: string }
  | { kind: 'revision'; id: string; expected: bigint; actual: bigint };

export type CommitResult = { ok: true; changes: Change[]; revision: bigint } | { ok: false; conflict: Conflict };

export interface NodeStore {
  /** A node by id, name or MAC; undefined when none matches. */
  find(key: string): Node | undefined;
  /** Every node, by name, and the revision they are current at. */
  list(): { nodes: Node[]; revision: bigint };
  /** All writes or none. */
  commit(batch: Batch): CommitResult;
  /** Changes after `revision`, oldest first; undefined when they are no longer all kept. */
  changesSince(revision: bigint): Change[] | undefined;
  /** The last revision a feed delivered; 0 when it never did. */
  cursor(feed: string): bigint;
}

/** How many changes are kept for resuming watchers. */
export const CHANGE_LOG_LIMIT = 10_000;

/** A conflict as a sentence, for errors and logs. */
export function describeConflict(c: Conflict): string {
  switch (c.kind) {
    case 'not-found':
      return `no node ${c.id}`;
    case 'exists':
      return `node ${c.id} already exists`;
    case 'name-taken':
      return `the name ${c.name} is taken by node ${c.by}`;
    case 'mac-taken':
      return `MAC ${c.mac} is already on node ${c.by}`;
    case 'revision':
      return `node ${c.id} is at revision ${c.actual}, not ${c.expected}: it changed meanwhile`;
  }
}
