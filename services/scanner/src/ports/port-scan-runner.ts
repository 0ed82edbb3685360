/**
 * Runs port scans: probes every (host, port, protocol) of a plan through a bounded pool, keeps
 * each scan as a record, streams its progress and findings to WatchPortScans, and gives the
 * open ports to the NodeRegistry when it ends. Closed ports are only counted.
 */
import { randomUUID } from 'node:crypto';
import {
  type PortResult,
  PortScan,
  PortScanEvent,
  PortScanEventKind,
  PortState,
  Protocol,
  ScanState,
} from '@paddock/proto/scanner/v1/scanner.ts';
import type { WatchSource } from '@paddock/runtime';
import { invalidArgument, type Logger, notFound } from '@paddock/runtime';
import type { NodeRegistry } from '../nodes/node-registry.ts';
import type { ServiceNames } from '../services/service-names.ts';
import type { EventLog } from '../store/event-log.ts';
import type { RecordStore } from '../store/scanner-store.ts';
import { runPool } from './pool.ts';
import { eachPort } from './port-list.ts';
import { type PortScanPlan, planPortScan } from './port-scan-options.ts';
import { type ProbeEngine, probeEngine } from './probe-engine.ts';
import type { ProbeResult } from './probe-result.ts';

const STATE: Record<ProbeResult['state'], PortState> = {
  open: PortState.PORT_STATE_OPEN,
  closed: PortState.PORT_STATE_CLOSED,
  filtered: PortState.PORT_STATE_FILTERED,
  'open|filtered': PortState.PORT_STATE_OPEN_FILTERED,
};
const PROGRESS_EVERY_MS = 500;

export interface PortScanDeps {
  interface: string | undefined;
  netns?: string;
  records: RecordStore<unknown>;
  log: EventLog<unknown>;
  registry: NodeRegistry;
  services: () => ServiceNames;
  logger: Logger;
  shutdown: AbortSignal;
}

export class PortScanRunner {
  readonly #d: PortScanDeps;

  constructor(deps: PortScanDeps) {
    this.#d = deps;
  }

  start(options: Parameters<typeof planPortScan>[0]): { scan: PortScan; done: Promise<PortScan> } {
    let plan: PortScanPlan;
    let engine: ProbeEngine;
    try {
      plan = planPortScan(options);
      engine = probeEngine(plan, { interface: this.#d.interface, netns: this.#d.netns });
    } catch (err) {
      throw err instanceof RangeError ? invalidArgument(err.message) : err;
    }
    const scan: PortScan = {
      id: randomUUID(),
      state: ScanState.SCAN_STATE_RUNNING,
      options: plan.options,
      startedAtUnixMs: BigInt(Date.now()),
      finishedAtUnixMs: 0n,
      probesTotal: plan.probes,
      probesDone: 0,
      results: [],
      counts: {},
      error: '',
    };
    this.#save(scan);
    this.#emit(PortScanEventKind.PORT_SCAN_EVENT_KIND_STARTED, scan);
    const done = this.#run(scan, plan, engine);
    return { scan: PortScan.fromJSON(PortScan.toJSON(scan)), done };
  }

  async #run(scan: PortScan, plan: PortScanPlan, engine: ProbeEngine): Promise<PortScan> {
    let lastProgress = Date.now();
    const work = function* () {
      for (const ip of plan.hosts)
        for (const port of eachPort(plan.ranges)) {
          if (plan.tcp) yield { ip, port, protocol: 'tcp' as const };
          if (plan.udp) yield { ip, port, protocol: 'udp' as const };
        }
    };
    try {
      await engine.ready;
      await runPool(
        work(),
        plan.concurrency,
        async (p) => {
          const r = await engine.probe(p.ip, p.port, p.protocol);
          scan.probesDone++;
          scan.counts[r.state] = (scan.counts[r.state] ?? 0) + 1;
          if (r.state !== 'closed') {
            const result = this.#toResult(r);
            scan.results.push(result);
            this.#emit(PortScanEventKind.PORT_SCAN_EVENT_KIND_RESULT, scan, result);
          }
          if (Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
            lastProgress = Date.now();
            this.#emit(PortScanEventKind.PORT_SCAN_EVENT_KIND_PROGRESS, scan);
          }
        },
        this.#d.shutdown,
      );
      scan.state = this.#d.shutdown.aborted ? ScanState.SCAN_STATE_FAILED : ScanState.SCAN_STATE_DONE;
      if (this.#d.shutdown.aborted) scan.error = 'the server shut down during the scan';
      else this.#recordOpenPorts(scan, plan);
    } catch (err) {
      scan.state = ScanState.SCAN_STATE_FAILED;
      scan.error = (err as Error).message;
      this.#d.logger.warn({ err, portScan: scan.id }, 'port scan failed');
    } finally {
      engine.close();
    }
    scan.results.sort(
      (a, b) => a.ip.localeCompare(b.ip, 'en', { numeric: true }) || a.protocol - b.protocol || a.port - b.port,
    );
    scan.finishedAtUnixMs = BigInt(Date.now());
    this.#save(scan);
    this.#emit(PortScanEventKind.PORT_SCAN_EVENT_KIND_FINISHED, scan);
    return scan;
  }

  #toResult(r: ProbeResult): PortResult {
    const name = this.#d.services().lookup(r.port, r.protocol);
    return {
      ip: r.ip,
      port: r.port,
      protocol: r.protocol === 'tcp' ? Protocol.PROTOCOL_TCP : Protocol.PROTOCOL_UDP,
      state: STATE[r.state],
      reason: r.reason,
      service: name?.name ?? '',
      description: name?.description ?? '',
      rttMs: Math.round(r.rttMs * 1000) / 1000,
    };
  }

  #recordOpenPorts(scan: PortScan, plan: PortScanPlan): void {
    const protocols = scan.options?.protocols ?? [];
    const scanned = plan.hosts.flatMap((ip) => protocols.map((protocol) => ({ ip, protocol, ranges: plan.ranges })));
    const open = scan.results
      .filter((r) => r.state === PortState.PORT_STATE_OPEN)
      .map((r) => ({ ip: r.ip, port: r.port, protocol: r.protocol, service: r.service }));
    this.#d.registry.setOpenPorts(scanned, open, Date.now());
  }

  get(id: string): PortScan {
    const json = this.#d.records.get(id);
    if (!json) throw notFound(`no port scan with id ${JSON.stringify(id)}`);
    return PortScan.fromJSON(json);
  }

  /** WatchPortScans' source: the 20 most recent scans with their results, then the logged events. */
  source(): WatchSource<PortScanEvent, PortScanEvent> {
    return this.#d.log.source(
      () =>
        this.#d.records
          .list(20)
          .map((j) => ({ kind: PortScanEventKind.PORT_SCAN_EVENT_KIND_UNSPECIFIED, portScan: PortScan.fromJSON(j) })),
      PortScanEvent.fromJSON,
    );
  }

  #emit(kind: PortScanEventKind, scan: PortScan, result?: PortResult): void {
    const summary = { ...scan, results: [] };
    this.#d.log.append(PortScanEvent.toJSON({ kind, portScan: summary, ...(result && { result }) }));
  }

  #save(scan: PortScan): void {
    this.#d.records.put(scan.id, Number(scan.startedAtUnixMs), PortScan.toJSON(scan));
  }
}
