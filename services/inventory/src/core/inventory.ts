import {
  alreadyExists,
  failedPrecondition,
  invalidArgument,
  type Logger,
  notFound,
  RevisionLog,
} from '@paddock/runtime';
import { hardwareLabels } from '../model/hardware-labels.ts';
import { addNote, applyMove, decide, initialLifecycle } from '../model/lifecycle.ts';
import { defaultName, newNodeId } from '../model/names.ts';
import { initialPower, type LifecycleState, type Node } from '../model/node.ts';
import { type CreateInput, checkCreate } from '../model/node-input.ts';
import { matchesSelector, parseSelector } from '../model/selector.ts';
import type { ProviderRegistry } from '../power/provider.ts';
import type { Batch, Change, NodeStore } from '../store/store.ts';
import { conflictError } from './errors.ts';
import { KeyedLock } from './keyed-lock.ts';

/**
 * The keys service, where one runs beside the inventory (`paddock up`): asked for a machine's
 * one-time bootstrap token when the machine appears or is powered on. With it, a node is
 * `ready` only once it enrolled, not when it phones home.
 */
export interface NodeIdentity {
  tokenWanted(node: Node): void;
}

export interface InventoryOptions {
  store: NodeStore;
  providers: ProviderRegistry;
  log: Logger;
  now?: () => number;
  identity?: NodeIdentity | undefined;
}

/**
 * The inventory's core: every change to a node goes through here, is committed to the store
 * in one transaction and then handed to watchers. Reads and writes are synchronous (SQLite),
 * so a read-modify-write with no await between is never interleaved with another; provider
 * calls (which do await) hold a per-node lock instead.
 */
export class Inventory {
  readonly store: NodeStore;
  readonly providers: ProviderRegistry;
  /** Recent committed changes and their fan-out to WatchNodes (see watch.ts). */
  readonly changes: RevisionLog<Change>;
  readonly lock = new KeyedLock();
  readonly log: Logger;
  readonly now: () => number;
  readonly identity: NodeIdentity | undefined;

  constructor(opts: InventoryOptions) {
    this.identity = opts.identity;
    this.store = opts.store;
    this.changes = new RevisionLog({ head: opts.store.list().revision });
    this.providers = opts.providers;
    this.log = opts.log;
    this.now = opts.now ?? Date.now;
  }

  /** A node by id, name or MAC, or NOT_FOUND. */
  get(key: string): Node {
    const node = key === '' ? undefined : this.store.find(key);
    if (!node) throw notFound(key === '' ? 'say which node (its id, name or MAC)' : `no node ${key}`);
    return node;
  }

  list(filter: { selector: string; states: LifecycleState[] }): { nodes: Node[]; revision: bigint } {
    const parsed = parseSelector(filter.selector);
    if ('error' in parsed) throw invalidArgument(parsed.error);
    const { nodes, revision } = this.store.list();
    const selected = nodes.filter(
      (n) =>
        matchesSelector({ ...n.labels, ...hardwareLabels(n.hardware) }, parsed.requirements) &&
        (filter.states.length === 0 || filter.states.includes(n.lifecycle.state)),
    );
    return { nodes: selected, revision };
  }

  /** Checks the request, lets the provider prepare the machine, then stores the node. */
  async create(raw: CreateInput): Promise<Node> {
    const checked = checkCreate(raw);
    if ('error' in checked) throw invalidArgument(checked.error);
    const input = checked.ok;
    const provider = this.providers.get(input.provider.name);
    if (!provider)
      throw invalidArgument(
        `unknown provider ${JSON.stringify(input.provider.name)}; this server has: ${this.providers.names().join(', ')}`,
      );
    // Refused before the provider makes anything, so a taken name costs nothing to undo.
    if (input.name && this.store.find(input.name)) throw alreadyExists(`a node named ${input.name} already exists`);
    for (const mac of input.macs) {
      const other = this.store.find(mac);
      if (other) throw alreadyExists(`MAC ${mac} is already on node ${other.name}`);
    }
    const id = newNodeId();
    const made = await provider.create({
      id,
      macs: input.macs,
      options: input.provider.options,
      taken: (mac) => this.store.find(mac) !== undefined,
    });
    const now = this.now();
    const node: Node = {
      id,
      name: input.name || defaultName(made.macs[0], provider.name === 'qemu' ? 'vm' : 'node'),
      labels: input.labels,
      nics: made.macs.map((mac) => ({ mac, vendor: made.vendor ?? '' })),
      addresses: [],
      architecture: input.architecture || made.architecture || '',
      firmware: input.firmware || made.firmware || '',
      vendor: made.vendor ?? '',
      provider: { name: provider.name, options: made.options },
      power: initialPower(now),
      lifecycle: initialLifecycle(now, 'created through the API', 'api'),
      bootRule: input.bootRule,
      description: input.description,
      createdAt: now,
      updatedAt: now,
      lastSeenAt: 0,
      revision: 0n,
    };
    const result = this.store.commit({ writes: [{ kind: 'put', node, create: true }] });
    if (!result.ok) {
      // Lost a race for the name or a MAC: undo what the provider made, leave nothing behind.
      await provider.destroy(node).catch((err) => this.log.warn({ err, node: id }, 'cleanup after a refused create'));
      throw conflictError(result.conflict);
    }
    this.#publish(result.changes);
    this.log.info({ node: node.name, id, provider: provider.name, macs: made.macs }, 'node created');
    this.wantToken(result.changes[0]!.node);
    return result.changes[0]!.node;
  }

  /**
   * Reads a node, changes it with `fn` and commits, with nothing awaited in between. `fn`
   * returning the same object writes nothing.
   */
  mutate(
    key: string,
    fn: (node: Node) => Node,
    opts: { expectedRevision?: bigint; cursor?: Batch['cursor'] } = {},
  ): Node {
    const node = this.get(key);
    const next = fn(node);
    if (next === node && !opts.cursor) return node;
    const writes: Batch['writes'] =
      next === node
        ? []
        : [{ kind: 'put', node: next, ...(opts.expectedRevision ? { expectedRevision: opts.expectedRevision } : {}) }];
    return this.commit({ writes, ...(opts.cursor ? { cursor: opts.cursor } : {}) })[0]?.node ?? node;
  }

  /** Commits a batch, publishes its changes, and turns a conflict into the API's error. */
  commit(batch: Batch): Change[] {
    const result = this.store.commit(batch);
    if (!result.ok) throw conflictError(result.conflict);
    this.#publish(result.changes);
    return result.changes;
  }

  #publish(changes: Change[]): void {
    for (const c of changes) this.changes.append(c, c.revision);
  }

  async delete(key: string): Promise<void> {
    const { id } = this.get(key);
    await this.lock.run(id, async () => {
      const node = this.get(id);
      await this.providers.get(node.provider.name)?.destroy(node);
      this.commit({ writes: [{ kind: 'delete', id }] });
      this.log.info({ node: node.name, id }, 'node deleted');
    });
  }

  /** Asks the keys service (if any) for the node's bootstrap token; a failure is logged, not thrown. */
  wantToken(node: Node): void {
    try {
      this.identity?.tokenWanted(node);
    } catch (err) {
      this.log.warn({ err: (err as Error).message, node: node.name }, 'no bootstrap token for the node');
    }
  }

  /**
   * An enrolment attempt the keys service saw with the node's token: enrolled moves it to
   * ready; a refusal (a replayed or expired token) is written in its history.
   */
  recordEnrolment(name: string, a: { at: number; ok: boolean; reason: string }): Node | undefined {
    if (!this.store.find(name)) return undefined;
    return this.mutate(name, (node) => {
      if (!a.ok) return { ...node, lifecycle: addNote(node.lifecycle, { at: a.at, reason: a.reason, source: 'keys' }) };
      const v = decide(node.lifecycle, { kind: 'enrolled', at: a.at, source: 'keys', reason: a.reason });
      return v.kind === 'move'
        ? { ...node, lifecycle: applyMove(node.lifecycle, v.entry), updatedAt: this.now() }
        : node;
    });
  }

  /** An administrator's lifecycle move; retiring also drops the desired power. */
  setLifecycle(key: string, to: 'maintenance' | 'discovered' | 'retired', reason: string): Node {
    return this.mutate(key, (node) => {
      const now = this.now();
      const v = decide(node.lifecycle, { kind: 'admin', to, at: now, reason });
      if (v.kind === 'refuse') throw failedPrecondition(`node ${node.name}: ${v.reason}`);
      if (v.kind === 'stay') return node;
      const power = to === 'retired' ? { ...node.power, desired: 'unknown' as const, nextAttemptAt: 0 } : node.power;
      return { ...node, power, lifecycle: applyMove(node.lifecycle, v.entry), updatedAt: now };
    });
  }
}
