/** What the boot rules know of a machine from the inventory. */
export interface BootNode {
  labels: Record<string, string>;
  /** The rule the inventory names for the machine; '' for the normal rule order. */
  bootRule: string;
}

/** One inventory node, as much of it as the boot service keeps. */
export interface FedNode extends BootNode {
  id: string;
  /** Lower-case, colon-separated. */
  macs: string[];
}

/**
 * One event of the inventory's WatchNodes stream (proto/paddock/inventory/v1/inventory.proto):
 * RESET, a SNAPSHOT per node and SYNCED, or a replay of changes after a revision and SYNCED;
 * then each change as it is committed, and PROGRESS while idle.
 */
export interface NodeEvent {
  kind: 'reset' | 'snapshot' | 'synced' | 'created' | 'updated' | 'deleted' | 'progress';
  revision: bigint;
  /** Absent in RESET and SYNCED; for DELETED the node as it was. */
  node?: FedNode | undefined;
}

/** Opens the stream from a revision: 0 for a full snapshot, N for every change after N. */
export type NodeFeed = (fromRevision: bigint, signal: AbortSignal) => AsyncIterable<NodeEvent>;

/**
 * The inventory's nodes by MAC, in memory: the boot rules ask it for every DHCP DISCOVER, so a
 * lookup is one Map read. A snapshot is collected aside and swapped in whole at SYNCED, so a
 * lookup never sees half a snapshot; a stream cut mid-snapshot leaves the last whole view.
 */
export class NodeCache {
  #byId = new Map<string, FedNode>();
  #byMac = new Map<string, FedNode>();
  #pending: Map<string, FedNode> | undefined;
  #revision = 0n;

  /** The revision the whole view is current at: where a reconnecting stream resumes. */
  get revision(): bigint {
    return this.#revision;
  }

  get size(): number {
    return this.#byId.size;
  }

  nodeFor(mac: string): BootNode | undefined {
    const n = this.#byMac.get(mac.toLowerCase());
    return n && { labels: n.labels, bootRule: n.bootRule };
  }

  apply(e: NodeEvent): void {
    switch (e.kind) {
      case 'progress':
        return; // only proves the stream is alive
      case 'reset':
        this.#pending = new Map();
        return;
      case 'snapshot':
        if (!e.node) return;
        if (this.#pending) this.#pending.set(e.node.id, e.node);
        else this.#put(e.node);
        return;
      case 'synced':
        if (this.#pending) this.#swap(this.#pending);
        this.#revision = e.revision;
        return;
      case 'created':
      case 'updated':
        if (e.node) this.#put(e.node);
        break;
      case 'deleted':
        if (e.node) this.#remove(e.node.id);
        break;
    }
    this.#revision = e.revision;
  }

  /** The stream broke: a snapshot not yet complete is dropped; the last whole view stays. */
  interrupted(): void {
    this.#pending = undefined;
  }

  #put(node: FedNode): void {
    this.#remove(node.id);
    this.#byId.set(node.id, node);
    for (const mac of node.macs) this.#byMac.set(mac.toLowerCase(), node);
  }

  #remove(id: string): void {
    const old = this.#byId.get(id);
    if (!old) return;
    this.#byId.delete(id);
    for (const mac of old.macs) if (this.#byMac.get(mac.toLowerCase()) === old) this.#byMac.delete(mac.toLowerCase());
  }

  #swap(nodes: Map<string, FedNode>): void {
    this.#pending = undefined;
    this.#byId = new Map();
    this.#byMac = new Map();
    for (const n of nodes.values()) this.#put(n);
  }
}
