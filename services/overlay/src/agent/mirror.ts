import type {
  Link,
  Member,
  Network,
  Path,
  TopologyItem,
  WatchTopologyResponse,
} from '@paddock/proto/overlay/v1/overlay.ts';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { itemKey } from '../control/item-key.ts';

/** The agent's copy of the topology, kept from the Watch stream; `synced` once a snapshot or replay is complete. */
export class TopologyMirror {
  readonly #items = new Map<string, TopologyItem>();
  synced = false;

  /** Applies one Watch message; true when the desired state may have changed. */
  apply(m: WatchTopologyResponse): boolean {
    switch (m.watch?.kind) {
      case WatchEventKind.WATCH_EVENT_KIND_RESET:
        this.#items.clear();
        this.synced = false;
        return false;
      case WatchEventKind.WATCH_EVENT_KIND_SNAPSHOT:
      case WatchEventKind.WATCH_EVENT_KIND_CHANGE:
        if (!m.item) return false;
        if (m.item.deleted) this.#items.delete(itemKey(m.item));
        else this.#items.set(itemKey(m.item), m.item);
        return this.synced;
      case WatchEventKind.WATCH_EVENT_KIND_SYNCED: {
        const first = !this.synced;
        this.synced = true;
        return first;
      }
      default:
        return false;
    }
  }

  network(name: string): Network | undefined {
    const i = this.#items.get(`n/${name}`)?.item;
    return i?.$case === 'network' ? i.value : undefined;
  }

  members(network: string): Member[] {
    return this.#of('member', network) as Member[];
  }

  links(network: string): Link[] {
    return this.#of('link', network) as Link[];
  }

  paths(network: string): Path[] {
    return this.#of('path', network) as Path[];
  }

  #of(kind: 'member' | 'link' | 'path', network: string): unknown[] {
    const out: unknown[] = [];
    for (const { item } of this.#items.values())
      if (item?.$case === kind && item.value.network === network) out.push(item.value);
    return out;
  }
}
