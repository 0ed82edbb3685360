/**
 * The nodes of this LAN: the stored state, what each ARP scan changes in it (scan-diff), the
 * open ports port scans found on their addresses, and the revisioned event stream WatchNodes
 * serves. Each event carries the node as it was then, so a replay shows history faithfully.
 */
import { type Node, NodeEvent, NodeEventKind, type OpenPort } from '@paddock/proto/scanner/v1/scanner.ts';
import type { WatchSource } from '@paddock/runtime';
import { toVendor } from '../api/vendor-message.ts';
import type { EventLog } from '../store/event-log.ts';
import type { NodeStore, ScannedRanges, StoredPort } from '../store/scanner-store.ts';
import type { VendorDb } from '../vendors/vendor-db.ts';
import { byAddress, confirmed, diffScan, type NodeChange, type NodeState } from './scan-diff.ts';
import { filterSightings } from './sighting-filter.ts';

const KIND: Record<NodeChange['kind'], NodeEventKind> = {
  appeared: NodeEventKind.NODE_EVENT_KIND_APPEARED,
  disappeared: NodeEventKind.NODE_EVENT_KIND_DISAPPEARED,
  'ip-changed': NodeEventKind.NODE_EVENT_KIND_IP_CHANGED,
  conflict: NodeEventKind.NODE_EVENT_KIND_CONFLICT,
  confirmed: NodeEventKind.NODE_EVENT_KIND_UPDATED,
};

export class NodeRegistry {
  readonly table: NodeStore;
  readonly log: EventLog<unknown>;
  readonly #vendors: () => VendorDb;

  constructor(table: NodeStore, log: EventLog<unknown>, vendors: () => VendorDb) {
    this.table = table;
    this.log = log;
    this.#vendors = vendors;
  }

  /**
   * Applies one scan's findings (bounded by filterSightings); returns the changes, each already
   * logged, with what was left out and the addresses several MACs answered for.
   */
  applyScan(sightings: ReadonlyArray<{ ip: string; mac: string }>, covered: (ip: string) => boolean, now: number) {
    const previous = this.table.all();
    const filtered = filterSightings(previous, sightings);
    const diff = diffScan(previous, filtered.kept, covered, now);
    this.table.save(diff.nodes);
    this.table.remove(diff.removed);
    for (const c of diff.changes) {
      this.#append({
        kind: KIND[c.kind],
        node: this.toNode(c.node),
        atUnixMs: BigInt(now),
        previousIps: c.kind === 'ip-changed' ? c.previousIps : [],
        conflictIp: c.kind === 'conflict' ? c.ip : '',
        otherMac: c.kind === 'conflict' ? c.otherMac : '',
      });
    }
    return { changes: diff.changes, unconfirmed: filtered.unconfirmed, contested: filtered.contested };
  }

  /** Records a port scan's findings and tells watchers about every node whose open ports changed. */
  setOpenPorts(scanned: readonly ScannedRanges[], open: readonly StoredPort[], now: number): void {
    const ips = new Set(scanned.map((s) => s.ip));
    const nodes = [...this.table.all().values()].filter((n) => n.ips.some((ip) => ips.has(ip)));
    const before = new Map(nodes.map((n) => [n.mac, JSON.stringify(this.table.openPorts(n.ips))]));
    this.table.setOpenPorts(scanned, open, now);
    for (const n of nodes) {
      if (JSON.stringify(this.table.openPorts(n.ips)) === before.get(n.mac)) continue;
      this.#append({
        kind: NodeEventKind.NODE_EVENT_KIND_UPDATED,
        node: this.toNode(n),
        atUnixMs: BigInt(now),
        previousIps: [],
        conflictIp: '',
        otherMac: '',
      });
    }
  }

  /** Every node, by address (nodes never seen with one last). */
  list(): Node[] {
    const all = [...this.table.all().values()].sort((a, b) =>
      a.ips[0] && b.ips[0] ? byAddress(a.ips[0], b.ips[0]) : a.ips[0] ? -1 : 1,
    );
    return all.map((n) => this.toNode(n));
  }

  /** The last address a scan saw a MAC answer for. */
  lastIpOf(mac: string): string | undefined {
    return this.table.get(mac)?.ips[0];
  }

  toNode(n: NodeState): Node {
    const openPorts: OpenPort[] = this.table.openPorts(n.ips).map((p) => ({
      port: p.port,
      protocol: p.protocol as OpenPort['protocol'],
      service: p.service,
    }));
    return {
      mac: n.mac,
      ips: n.ips,
      vendor: toVendor(this.#vendors().lookup(n.mac)),
      firstSeenUnixMs: BigInt(n.firstSeenMs),
      lastSeenUnixMs: BigInt(n.lastSeenMs),
      online: n.online,
      openPorts,
      conflict: n.conflict,
      confirmed: confirmed(n),
    };
  }

  /** WatchNodes' source: each node as it stands, then the logged events. */
  source(): WatchSource<NodeEvent, NodeEvent> {
    const snapshot = (node: Node): NodeEvent => ({
      kind: NodeEventKind.NODE_EVENT_KIND_UNSPECIFIED,
      node,
      atUnixMs: BigInt(Date.now()),
      previousIps: [],
      conflictIp: '',
      otherMac: '',
    });
    return this.log.source(() => this.list().map(snapshot), NodeEvent.fromJSON);
  }

  #append(e: NodeEvent): void {
    this.log.append(NodeEvent.toJSON(e));
  }
}
