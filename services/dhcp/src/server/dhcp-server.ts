import { setTimeout as sleep } from 'node:timers/promises';
import type { UdpDatagram } from '@paddock/netio';
import type { Logger } from '@paddock/runtime';
import { numberToIPv4 } from '@paddock/wire';
import { decodeMessage, messageType } from '../codec/index.ts';
import type { DhcpConfig } from '../config/config-state.ts';
import type { Settings } from '../config/settings.ts';
import type { LeaseStore } from '../leases/lease-store.ts';
import { LeaseTable } from '../leases/lease-table.ts';
import { Allocator } from '../policy/allocator.ts';
import type { BootAnswerProvider } from '../policy/boot.ts';
import { handle } from '../policy/chain.ts';
import type { PolicyEnv, Received, Verdict } from '../policy/types.ts';
import { GroupCommit } from './group-commit.ts';
import { Link } from './link.ts';
import { carryOut, countDrop, type OutcomeDeps } from './outcome.ts';
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
}

const SWEEP_MS = 5000;

/**
 * The thin shell: for each datagram, decode, ask policy, apply its effects, commit, send.
 * Every drop is counted and logged with its reason; nothing in here decides what to answer.
 */
export class DhcpServer {
  readonly leases: LeaseTable;
  readonly commits: GroupCommit;
  readonly prober: Prober;
  readonly #o: DhcpServerOptions;
  readonly #allocator = new Allocator();
  readonly #links: Link[] = [];
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #deps: OutcomeDeps;

  constructor(o: DhcpServerOptions) {
    this.#o = o;
    this.leases = new LeaseTable(o.store.load());
    this.commits = new GroupCommit(o.store, this.leases);
    this.commits.onBatch = (n) => o.stats.countBatch(n);
    this.prober = new Prober({
      pinger: o.pinger,
      settings: o.settings.conflictDetection,
      stats: o.stats,
      onConflict: (a) => quarantine(this.#upkeep(), a, this.#now()),
      candidates: (n) =>
        probeCandidates(
          this.env(),
          this.#allocator,
          this.#links.flatMap((l) => l.addresses),
          n,
        ),
      toText: numberToIPv4,
      ...(o.now && { now: o.now }),
    });
    this.#deps = { leases: this.leases, commits: this.commits, prober: this.prober, stats: o.stats, log: o.log };
  }

  #now(): number {
    return this.#o.now?.() ?? Date.now();
  }

  /** Opens one socket per interface; throws (naming it) when one cannot be used. */
  start(): void {
    for (const ifname of this.#o.interfaces) {
      const link = new Link(ifname, {
        netns: this.#o.netns,
        ...(this.#o.port !== undefined && { port: this.#o.port }),
        onPacketError: (err) =>
          this.#o.log.warn(
            { ifname, err: err.message },
            'no packet socket: replies to clients without an address will be broadcast',
          ),
      });
      this.#links.push(link);
      link.udp.on('message', (d) => this.#receive(link, d));
      link.udp.on('error', (err) => this.#o.log.warn({ ifname, err: err.message }, 'receive error'));
    }
    const refresh = setInterval(() => this.#refreshLinks(), 30_000);
    const sweep = setInterval(() => this.sweep(), SWEEP_MS);
    for (const t of [refresh, sweep]) this.#timers.push(t.unref());
    this.prober.refillSoon();
    this.#o.log.info({ interfaces: this.#o.interfaces, leases: this.leases.size }, 'dhcp listening');
  }

  env(): PolicyEnv {
    return {
      config: this.#o.config(),
      settings: this.#o.settings,
      leases: this.leases,
      allocator: this.#allocator,
      probeStatus: (a) => this.prober.status(a),
      boot: this.#o.boot,
      now: this.#now(),
    };
  }

  #receive(link: Link, d: UdpDatagram): void {
    const decoded = decodeMessage(d.data);
    if (!decoded.ok) {
      countDrop(this.#deps, decoded.reason.code, decoded.reason.detail, link);
      return;
    }
    const type = messageType(decoded.message)!;
    this.#o.stats.countReceived(type);
    const rx: Received = {
      message: decoded.message,
      type,
      ifname: link.ifname,
      interfaceAddresses: link.addresses,
      destination: d.destination,
      localAddress: d.localAddress,
    };
    this.#decide(link, rx, true);
  }

  #decide(link: Link, rx: Received, mayWait: boolean): void {
    let verdict: Verdict;
    try {
      const env = this.env();
      // Second time round the wait is over: a probe still out counts as no answer.
      if (!mayWait) env.probeStatus = (a) => (this.prober.status(a) === 'pending' ? 'unknown' : this.prober.status(a));
      verdict = handle(rx, env);
    } catch (err) {
      // A bug must cost one answer, not the server: count it and carry on.
      this.#o.log.error({ err, ifname: link.ifname }, 'policy failed on a request');
      countDrop(this.#deps, 'policy-error', 'policy error', link);
      return;
    }
    if (verdict.kind !== 'wait-probe') {
      carryOut(this.#deps, link, rx, verdict);
      return;
    }
    const waited = Promise.race([
      this.prober.settled(verdict.address),
      sleep(this.#o.settings.conflictDetection.waitMs),
    ]);
    void waited.then(() => this.#decide(link, rx, false));
  }

  #upkeep() {
    return { ...this.#deps, config: this.#o.config, declineSeconds: this.#o.settings.declineSeconds };
  }

  /** Writes down leases whose time ran out. */
  sweep(): void {
    sweep(this.#upkeep(), this.#now());
  }

  #refreshLinks(): void {
    for (const l of this.#links) {
      try {
        l.refresh();
      } catch (err) {
        this.#o.log.warn({ ifname: l.ifname, err: (err as Error).message }, 'cannot read interface');
      }
    }
  }

  /** Stops listening, then waits until every lease decided so far is durable. */
  async close(): Promise<void> {
    for (const t of this.#timers) clearInterval(t);
    this.prober.close();
    for (const l of this.#links.splice(0)) l.close();
    await this.commits.drain();
  }
}
