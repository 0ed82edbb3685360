import type {
  JoinRequest,
  LinkReport,
  Member,
  Network,
  Path,
  TopologyItem,
} from '@paddock/proto/overlay/v1/overlay.ts';
import { notFound, PaddockError } from '@paddock/runtime';
import { actingNode, type Caller } from './caller.ts';
import { itemKey, linkItem, memberItem, networkItem, pathItem } from './item-key.ts';
import { decideJoin } from './join-policy.ts';
import { linkChanged } from './link-change.ts';
import { decideNetwork } from './network-policy.ts';
import { computePaths } from './paths.ts';
import { learnedEndpoint } from './public-endpoint.ts';
import type { TopologyStore } from './topology-store.ts';
import type { Verdict } from './verdict.ts';

export type Tally = Map<string, number>;

/** The overlay control plane's decisions over its store: each change and the paths it moves, in one commit. */
export class OverlayControl {
  readonly refused: Tally = new Map();
  readonly #store: TopologyStore;
  readonly #now: () => number;

  constructor(store: TopologyStore, now: () => number = Date.now) {
    this.#store = store;
    this.#now = now;
  }

  createNetwork(input: Network): Network {
    const net = this.#decided(decideNetwork(input, this.#store.networks(), this.#now()));
    this.#store.commit([networkItem(net)]);
    return net;
  }

  deleteNetwork(name: string): void {
    const net = this.#network(name);
    const gone = this.#store.live(name).map((i) => ({ ...i, deleted: true }));
    this.#store.commit([...gone.filter((i) => i.item?.$case !== 'network'), networkItem(net, true)]);
  }

  join(caller: Caller, r: JoinRequest): { member: Member; network: Network } {
    const network = this.#network(r.network);
    const node = this.#acting(caller, r.node);
    const member = this.#decided(
      decideJoin({
        node,
        registeredBy: caller.kind,
        request: r,
        network,
        members: this.#store.members(),
        now: this.#now(),
      }),
    );
    this.#commitWithPaths(network, [memberItem(member)]);
    return { member, network };
  }

  leave(caller: Caller, networkName: string, named: string): void {
    const network = this.#network(networkName);
    const node = this.#acting(caller, named);
    const member = this.#store.members(network.name).find((m) => m.name === node);
    if (!member) throw notFound(`${node} is not a member of network ${network.name}`);
    this.#removeMembers(network, [member]);
  }

  /** Removes every member a node registered under its own identity (its identity was revoked). */
  revokeNode(node: string): number {
    let removed = 0;
    for (const network of this.#store.networks()) {
      const gone = this.#store.members(network.name).filter((m) => m.name === node && m.registeredBy === 'node');
      if (gone.length) this.#removeMembers(network, gone);
      removed += gone.length;
    }
    return removed;
  }

  reportLinks(caller: Caller, networkName: string, named: string, reports: LinkReport[]): number {
    const network = this.#network(networkName);
    const from = this.#acting(caller, named);
    const members = this.#store.members(network.name);
    if (!members.some((m) => m.name === from)) {
      this.#count('not-member');
      throw new PaddockError('failedPrecondition', `${from} is not a member of network ${network.name}`);
    }
    const links = new Map(this.#store.links(network.name).map((l) => [`${l.from}>${l.to}`, l]));
    const changed: TopologyItem[] = [];
    for (const r of reports) {
      if (r.to === from || !members.some((m) => m.name === r.to)) continue;
      const learned = learnedEndpoint(
        members.find((m) => m.name === r.to),
        r,
        members,
      );
      if (learned) changed.push(memberItem(learned));
      if (!linkChanged(links.get(`${from}>${r.to}`), r)) continue;
      changed.push(
        linkItem({
          network: network.name,
          from,
          to: r.to,
          up: r.up,
          latencyUs: r.up ? r.latencyUs : 0,
          lossPercent: Math.min(100, r.lossPercent),
          updatedAtUnixMs: BigInt(this.#now()),
          seenEndpoint: r.seenEndpoint,
        }),
      );
    }
    this.#commitWithPaths(network, changed);
    return changed.length;
  }

  #removeMembers(network: Network, gone: Member[]): void {
    const names = new Set(gone.map((m) => m.name));
    const links = this.#store.links(network.name).filter((l) => names.has(l.from) || names.has(l.to));
    this.#commitWithPaths(network, [...gone.map((m) => memberItem(m, true)), ...links.map((l) => linkItem(l, true))]);
  }

  /** Commits `items` with the path changes they cause, in one transaction (agents never see a member without its paths). */
  #commitWithPaths(network: Network, items: TopologyItem[]): void {
    if (items.length === 0) return;
    const state = new Map(this.#store.live(network.name).map((i) => [itemKey(i), i]));
    for (const i of items) state.set(itemKey(i), i);
    const live = [...state.values()].filter((i) => !i.deleted);
    const members = live.flatMap((i) => (i.item?.$case === 'member' ? [i.item.value] : []));
    const links = live.flatMap((i) => (i.item?.$case === 'link' ? [i.item.value] : []));
    const previous = this.#store.paths(network.name);
    const paths = computePaths(network, members, links, previous);
    const changes = [...items];
    const wanted = new Set(paths.map((p) => `${p.a}|${p.b}`));
    for (const p of previous) if (!wanted.has(`${p.a}|${p.b}`)) changes.push(pathItem(p, true));
    for (const p of paths) {
      const old = previous.find((o) => o.a === p.a && o.b === p.b);
      if (!old || !samePath(old, p)) changes.push(pathItem(p));
    }
    this.#store.commit(changes);
  }

  #network(name: string): Network {
    const n = this.#store.network(name);
    if (!n) throw notFound(`no network ${JSON.stringify(name)}`);
    return n;
  }

  #acting(caller: Caller, named: string): string {
    const a = actingNode(caller, named);
    if ('refused' in a) {
      this.#count(caller.kind === 'node' ? 'not-yourself' : 'invalid');
      throw a.refused;
    }
    return a.node;
  }

  #decided<T>(v: Verdict<T>): T {
    if (v.ok) return v.value;
    this.#count(v.reason);
    const kind =
      v.reason === 'invalid' || v.reason === 'mtu'
        ? 'invalidArgument'
        : v.reason === 'full'
          ? 'resourceExhausted'
          : 'alreadyExists';
    throw new PaddockError(kind, v.message);
  }

  #count(reason: string): void {
    this.refused.set(reason, (this.refused.get(reason) ?? 0) + 1);
  }
}

/** The cost alone moving is not a change agents act on: it is republished with the next real change. */
const samePath = (a: Path, b: Path): boolean =>
  a.via === b.via && a.portA === b.portA && a.portB === b.portB && a.reachable === b.reachable;
