import type { TopologyItem } from '@paddock/proto/overlay/v1/overlay.ts';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { itemKey } from './item-key.ts';

/**
 * What one node's agent is sent of the topology Watch (`WatchTopologyRequest.node`): networks,
 * members, and the paths it is a side or the relay of — plus any later change of a path it was
 * sent, so a pair that moves to another relay leaves the old one's table. No links (agents
 * measure their own). With 50 members that is ~100 items per agent instead of 1275. A stream
 * that resumes from a revision replays changes the agent's copy was built from under another
 * stream, whose paths this one never sent: it sends everything from then on.
 */
export class NodeView {
  readonly #node: string;
  /** Paths sent on this stream: their later changes (and deletion) are sent too. */
  readonly #sent = new Set<string>();
  #synced = false;
  #everything = false;

  constructor(node: string) {
    this.#node = node;
  }

  /** Whether the event (kind, and its item for SNAPSHOT and CHANGE) goes to the agent. */
  wants(kind: WatchEventKind, item: TopologyItem | undefined): boolean {
    if (kind === WatchEventKind.WATCH_EVENT_KIND_RESET) this.#synced = false;
    if (kind === WatchEventKind.WATCH_EVENT_KIND_SYNCED) this.#synced = true;
    // A change before SYNCED is a replay after a resume.
    if (kind === WatchEventKind.WATCH_EVENT_KIND_CHANGE && !this.#synced) this.#everything = true;
    const i = item?.item;
    if (!i || this.#everything) return true;
    if (i.$case === 'link') return false;
    if (i.$case !== 'path') return true;
    const key = itemKey(item);
    const p = i.value;
    if (p.a === this.#node || p.b === this.#node || p.via === this.#node || this.#sent.has(key)) {
      this.#sent.add(key);
      return true;
    }
    return false;
  }
}
