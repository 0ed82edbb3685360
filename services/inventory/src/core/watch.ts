import type { Node } from '../model/node.ts';
import type { ChangeKind } from '../store/store.ts';
import type { Inventory } from './inventory.ts';

export type WatchEvent =
  | { kind: 'reset'; revision: bigint }
  | { kind: 'snapshot'; revision: bigint; node: Node }
  | { kind: 'synced'; revision: bigint }
  | { kind: ChangeKind; revision: bigint; node: Node };

/**
 * The WatchNodes stream. It subscribes before reading the store, so a change committed while
 * the snapshot (or replay) is read waits in the subscription and is sent after it; revisions
 * already sent are skipped, so nothing is missed and nothing repeats.
 */
export async function* watchNodes(
  inv: Inventory,
  fromRevision: bigint,
  signal: AbortSignal,
): AsyncGenerator<WatchEvent> {
  const sub = inv.hub.subscribe(signal);
  try {
    let last: bigint;
    const replay = fromRevision > 0n ? inv.store.changesSince(fromRevision) : undefined;
    if (replay) {
      for (const c of replay) yield { kind: c.kind, revision: c.revision, node: c.node };
      last = replay.at(-1)?.revision ?? fromRevision;
    } else {
      const { nodes, revision } = inv.store.list();
      yield { kind: 'reset', revision };
      for (const node of nodes) yield { kind: 'snapshot', revision, node };
      last = revision;
    }
    yield { kind: 'synced', revision: last };
    for await (const batch of sub) {
      for (const c of batch) {
        if (c.revision <= last) continue;
        last = c.revision;
        yield { kind: c.kind, revision: c.revision, node: c.node };
      }
    }
  } finally {
    sub.close();
  }
}
