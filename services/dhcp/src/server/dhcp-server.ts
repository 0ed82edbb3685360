import { peekMessageType } from '@paddock/dhcp-codec';
import type { BootAnswerProvider } from '@paddock/netboot';
import type { UdpDatagram } from '@paddock/netio';
import type { Logger } from '@paddock/runtime';
import { numberToIPv4 } from '@paddock/wire';
import type { DhcpConfig } from '../config/config-state.ts';
import type { Settings } from '../config/settings.ts';
import type { LeaseStore } from '../leases/lease-store.ts';
import { LeaseTable } from '../leases/lease-table.ts';
import { Allocator } from '../policy/allocator.ts';
import { policyCaches } from '../policy/caches.ts';
import type { PolicyEnv, ProbeStatus } from '../policy/types.ts';
import { GroupCommit } from './group-commit.ts';
import { Intake } from './intake.ts';
import { type Link, openLinks, refreshLinks } from './link.ts';
import { countDrop } from './outcome.ts';
import { type PipelineDeps, receive } from './pipeline.ts';
import { type Pinger, Prober } from './prober.ts';
import type { DhcpStats } from './stats.ts';
import { probeCandidates, quarantine, sweep } from './upkeep.ts';

export interface DhcpServerOptions {
  interfaces: readonly string[];
  settings: Settings;
  store: LeaseStore;
  /** The live configuration (it changes under the API). */
  config: () => DhcpConfig;
  stats: DhcpStats;
  log: Logger;
  boot?: BootAnswerProvider | undefined;
  pinger?: Pinger | undefined;
  /** Open the sockets in this network namespace (tests and labs). */
  netns?: string | undefined;
  port?: number;
  now?: () => number;
  /** Where pool cursors start, as a fraction of each pool (allocator.ts): differs per server on a shared store. */
  allocationStart?: number;
}

const SWEEP_MS = 5000;
/** Datagrams waiting per queue (intake.ts) before the oldest is shed: a fraction of a second's work. */
const INTAKE_LIMIT = 1024;
/** Handling per turn of the event loop, in ms, before the sockets are read again. */
const TURN_MS = 1;

interface Arrival {
  link: Link;
  d: UdpDatagram;
}

/**
 * The thin shell: sockets in, each datagram through the pipeline (decode, ask policy, apply its
 * effects, commit, send: pipeline.ts), timers for upkeep. Every drop is counted and logged with
 * its reason; nothing in here decides what to answer.
 */
export class DhcpServer {
  readonly leases: LeaseTable;
  readonly commits: GroupCommit;
  readonly prober: Prober;
  readonly #o: DhcpServerOptions;
  readonly #allocator: Allocator;
  readonly #links: Link[] = [];
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #deps: PipelineDeps;
  readonly #intake = new Intake<Arrival>({
    limit: INTAKE_LIMIT,
    turnMs: TURN_MS,
    handle: (a) => receive(this.#deps, a.link, a.d),
    shed: (a) => countDrop(this.#deps, 'overloaded', 'saturated: the oldest waiting request was shed', a.link),
    afterTurn: () => this.commits.flush(),
  });

  constructor(o: DhcpServerOptions) {
    this.#o = o;
    this.#allocator = new Allocator(o.allocationStart ?? 0);
    this.leases = new LeaseTable(o.store.load());
    o.store.follow?.((rows) => this.leases.applyRemote(rows));
    this.commits = new GroupCommit(o.store, this.leases);
    this.commits.onBatch = (n) => o.stats.countBatch(n);
    this.prober = new Prober({
      pinger: o.pinger,
      settings: o.settings.conflictDetection,
      stats: o.stats,
      onConflict: (a) => quarantine(this.#upkeep(), a, this.#now()),
      candidates: (n) => probeCandidates(this.env(), this.#allocator, this.#ourAddresses(), n),
      toText: numberToIPv4,
      ...(o.now && { now: o.now }),
    });
    const outcome = { leases: this.leases, commits: this.commits, prober: this.prober, stats: o.stats, log: o.log };
    this.#deps = { ...outcome, env: () => this.env(), waitMs: o.settings.conflictDetection.waitMs };
  }

  #ourAddresses(): number[] {
    return this.#links.flatMap((l) => l.addresses);
  }

  #now(): number {
    return this.#o.now?.() ?? Date.now();
  }

  /** Opens one socket per interface; throws (naming it) when one cannot be used. */
  start(): void {
    this.#links.push(...openLinks(this.#o.interfaces, this.#o, this.#o.log));
    for (const link of this.#links)
      link.udp.on('message', (d) => this.#intake.admit({ link, d }, peekMessageType(d.data)));
    const refresh = setInterval(() => refreshLinks(this.#links, this.#o.log), 30_000);
    const sweep = setInterval(() => this.sweep(), SWEEP_MS);
    for (const t of [refresh, sweep]) this.#timers.push(t.unref());
    this.prober.refillSoon();
    this.#o.log.info({ interfaces: this.#o.interfaces, leases: this.leases.size }, 'dhcp listening');
  }

  readonly #probeStatus = (a: number): ProbeStatus => this.prober.status(a);
  /** Policy's memos (shared reply options, excluded addresses): this server's alone. */
  readonly #caches = policyCaches();

  env(): PolicyEnv {
    const { config, settings, boot } = this.#o;
    return {
      config: config(),
      settings,
      leases: this.leases,
      allocator: this.#allocator,
      probeStatus: this.#probeStatus,
      boot,
      caches: this.#caches,
      now: this.#now(),
    };
  }

  #upkeep() {
    const { leases, commits, log } = this.#deps;
    return { leases, commits, log, config: this.#o.config, declineSeconds: this.#o.settings.declineSeconds };
  }

  /** Writes down leases whose time ran out. */
  sweep(): void {
    sweep(this.#upkeep(), this.#now());
  }

  /** Stops listening, then waits until every lease decided so far is durable. */
  async close(): Promise<void> {
    for (const t of this.#timers) clearInterval(t);
    this.#intake.close();
    this.prober.close();
    for (const l of this.#links.splice(0)) l.close();
    await this.commits.drain();
  }
}
