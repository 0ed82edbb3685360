import type {
  Link,
  Member,
  Network,
  Path,
  TopologyItem,
  WatchTopologyResponse,
} from '@paddock/proto/overlay/v1/overlay.ts';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';

/** The console's copy of the overlay topology, folded from WatchTopology (pure). */
export interface TopologyState {
  networks: ReadonlyMap<string, Network>;
  /** By `network/name`. */
  members: ReadonlyMap<string, Member>;
  /** By `network/from>to`. */
  links: ReadonlyMap<string, Link>;
  /** By `network/a|b`. */
  paths: ReadonlyMap<string, Path>;
  revision: bigint;
  synced: boolean;
}

export const EMPTY_TOPOLOGY: TopologyState = {
  networks: new Map(),
  members: new Map(),
  links: new Map(),
  paths: new Map(),
  revision: 0n,
  synced: false,
};

type Table = 'networks' | 'members' | 'links' | 'paths';

/** Which map an item lives in and its key there: one item per key, the latest wins. */
function slot(i: TopologyItem): { table: Table; key: string; value: Network | Member | Link | Path } | undefined {
  switch (i.item?.$case) {
    case 'network':
      return { table: 'networks', key: i.item.value.name, value: i.item.value };
    case 'member':
      return { table: 'members', key: `${i.item.value.network}/${i.item.value.name}`, value: i.item.value };
    case 'link':
      return {
        table: 'links',
        key: `${i.item.value.network}/${i.item.value.from}>${i.item.value.to}`,
        value: i.item.value,
      };
    case 'path':
      return {
        table: 'paths',
        key: `${i.item.value.network}/${i.item.value.a}|${i.item.value.b}`,
        value: i.item.value,
      };
    default:
      return undefined;
  }
}

export function applyTopologyEvent(s: TopologyState, e: WatchTopologyResponse): TopologyState {
  const w = e.watch;
  switch (w?.kind) {
    case WatchEventKind.WATCH_EVENT_KIND_RESET:
      return { ...EMPTY_TOPOLOGY, revision: w.revision };
    case WatchEventKind.WATCH_EVENT_KIND_SYNCED:
      return { ...s, revision: w.revision, synced: true };
    case WatchEventKind.WATCH_EVENT_KIND_SNAPSHOT:
    case WatchEventKind.WATCH_EVENT_KIND_CHANGE: {
      const at = e.item && slot(e.item);
      if (!at) return s;
      const table = new Map<string, unknown>(s[at.table]);
      if (e.item?.deleted) table.delete(at.key);
      else table.set(at.key, at.value);
      return { ...s, [at.table]: table, revision: w.revision };
    }
    default:
      return s;
  }
}

/** The members, links and paths of one network. */
export function ofNetwork(s: TopologyState, network: string): { members: Member[]; links: Link[]; paths: Path[] } {
  const mine = <T extends { network: string }>(m: ReadonlyMap<string, T>) =>
    [...m.values()].filter((v) => v.network === network);
  return { members: mine(s.members), links: mine(s.links), paths: mine(s.paths) };
}
