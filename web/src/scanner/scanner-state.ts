/**
 * The scanner page's copies of the nodes and the wakes, built from WatchNodes and WatchWakes
 * events, purely. useWatch reopens a dropped stream from the last revision applied: the server
 * replays what was missed (or starts over with RESET).
 */
import type { Node, WatchNodesResponse } from '@paddock/proto/scanner/v1/scanner.ts';
import type { WakeRecord, WatchWakesResponse } from '@paddock/proto/scanner/v1/wake.ts';
import { type WatchEvent, WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { ipOrder } from './scanner-format.ts';

export interface Watched<T> {
  items: ReadonlyMap<string, T>;
  revision: bigint;
  /** The snapshot (or replay) is complete: the list is current. */
  synced: boolean;
}

export const emptyWatched = <T>(): Watched<T> => ({ items: new Map(), revision: 0n, synced: false });

/** Folds one Watch message into a keyed copy: RESET clears, SNAPSHOT and CHANGE put, SYNCED marks it current. */
function fold<T>(s: Watched<T>, w: WatchEvent | undefined, item: T | undefined, key: (t: T) => string): Watched<T> {
  switch (w?.kind) {
    case WatchEventKind.WATCH_EVENT_KIND_RESET:
      return { items: new Map(), revision: w.revision, synced: false };
    case WatchEventKind.WATCH_EVENT_KIND_SYNCED:
      return { ...s, revision: w.revision, synced: true };
    case WatchEventKind.WATCH_EVENT_KIND_SNAPSHOT:
    case WatchEventKind.WATCH_EVENT_KIND_CHANGE: {
      if (!item) return { ...s, revision: w.revision };
      const items = new Map(s.items);
      items.set(key(item), item);
      return { ...s, items, revision: w.revision };
    }
    default:
      return s;
  }
}

export const applyNodeEvent = (s: Watched<Node>, r: WatchNodesResponse): Watched<Node> =>
  fold(s, r.watch, r.event?.node, (n) => n.mac);

export const applyWakeEvent = (s: Watched<WakeRecord>, r: WatchWakesResponse): Watched<WakeRecord> =>
  fold(s, r.watch, r.event?.wake, (w) => w.id);

/** Nodes by address (never-addressed ones last). */
export function sortedNodes(s: Watched<Node>): Node[] {
  return [...s.items.values()].sort((a, b) => ipOrder(a.ips[0]) - ipOrder(b.ips[0]) || a.mac.localeCompare(b.mac));
}

/** The newest wake of each MAC. */
export function latestWakes(s: Watched<WakeRecord>): Map<string, WakeRecord> {
  const out = new Map<string, WakeRecord>();
  for (const w of s.items.values()) {
    const prev = out.get(w.mac);
    if (!prev || w.requestedAtUnixMs > prev.requestedAtUnixMs) out.set(w.mac, w);
  }
  return out;
}
