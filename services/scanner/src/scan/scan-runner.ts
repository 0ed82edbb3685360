/**
 * Runs ARP scans one at a time on the service's interface (two at once would share its send
 * rate), records each as a Scan, and hands the findings to the NodeRegistry.
 */
import { randomUUID } from 'node:crypto';
import { Scan, type ScanOptions, ScanState } from '@paddock/proto/scanner/v1/scanner.ts';
import { failedPrecondition, invalidArgument, type Logger, notFound } from '@paddock/runtime';
import { cidrContains, ipv4ToNumber, parseCidr } from '@paddock/wire';
import { arpScan } from '../arp/arp-scan.ts';
import { expandTargets } from '../arp/targets.ts';
import type { NodeRegistry } from '../nodes/node-registry.ts';
import type { RecordStore } from '../store/scanner-store.ts';
import { describeInterface } from './scan-interface.ts';
import { effectiveOptions, toRetryPolicy } from './scan-options.ts';

export interface ScanRunnerDeps {
  interface: string | undefined;
  netns?: string;
  registry: NodeRegistry;
  records: RecordStore<unknown>;
  log: Logger;
  shutdown: AbortSignal;
  onFinished?(scan: Scan): void;
}

export class ScanRunner {
  readonly #d: ScanRunnerDeps;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(deps: ScanRunnerDeps) {
    this.#d = deps;
  }

  /** Checks the request and queues the scan; `done` settles with the finished scan. */
  start(options: ScanOptions | undefined, trigger: string): { scan: Scan; done: Promise<Scan> } {
    const ifname = this.#d.interface;
    if (!ifname) throw failedPrecondition('this server scans no interface: start it with --interface IF');
    let iface: ReturnType<typeof describeInterface>;
    let targets: string[];
    let cidrs: string[];
    let policy: ReturnType<typeof toRetryPolicy>;
    try {
      iface = describeInterface(ifname, this.#d.netns);
      cidrs = options?.cidrs.length ? options.cidrs.map((c) => c.trim()) : iface.subnets;
      if (cidrs.length === 0) throw new RangeError(`interface ${ifname} has no IPv4 subnet: give CIDRs to scan`);
      targets = expandTargets(cidrs, iface.addresses);
      policy = toRetryPolicy(options);
    } catch (err) {
      throw err instanceof RangeError ? invalidArgument(err.message) : err;
    }
    const now = Date.now();
    const scan: Scan = {
      id: randomUUID(),
      state: ScanState.SCAN_STATE_RUNNING,
      options: effectiveOptions(options, cidrs),
      interface: ifname,
      startedAtUnixMs: BigInt(now),
      finishedAtUnixMs: 0n,
      targets: targets.length,
      requestsSent: 0,
      sightings: [],
      dropped: {},
      error: '',
      trigger,
    };
    this.#save(scan);
    const ranges = cidrs.map((c) => parseCidr(c));
    const covered = (ip: string) => ranges.some((r) => cidrContains(r, ipv4ToNumber(ip)));
    const run = async (): Promise<Scan> => {
      try {
        const r = await arpScan({
          interface: ifname,
          netns: this.#d.netns,
          targets,
          senderIp: iface.senderFor(targets[0]!),
          senderMac: iface.mac,
          policy,
          signal: this.#d.shutdown,
        });
        Object.assign(scan, {
          state: ScanState.SCAN_STATE_DONE,
          requestsSent: r.sent,
          sightings: r.sightings,
          dropped: Object.fromEntries(Object.entries(r.dropped).map(([k, v]) => [k, BigInt(v)])),
        });
        const applied = this.#d.registry.applyScan(r.sightings, covered, Date.now());
        // Suspected ARP spoofing: counted with the scan's drops, and logged once per scan
        // (each contested address is also a CONFLICT node event).
        if (applied.unconfirmed > 0) scan.dropped['unconfirmed-mac'] = BigInt(applied.unconfirmed);
        if (applied.contested.length > 0) {
          scan.dropped['contested-address'] = BigInt(applied.contested.length);
          this.#d.log.warn(
            { scan: scan.id, contested: applied.contested.length, sample: applied.contested.slice(0, 5) },
            'several MACs answered for one address: suspected ARP spoofing',
          );
        }
      } catch (err) {
        scan.state = ScanState.SCAN_STATE_FAILED;
        scan.error = (err as Error).message;
        this.#d.log.warn({ err, scan: scan.id }, 'ARP scan failed');
      }
      scan.finishedAtUnixMs = BigInt(Date.now());
      this.#save(scan);
      this.#d.onFinished?.(scan);
      return scan;
    };
    const done = this.#queue.then(run, run);
    this.#queue = done;
    return { scan: { ...scan }, done };
  }

  get(id: string): Scan {
    const json = this.#d.records.get(id);
    if (!json) throw notFound(`no scan with id ${JSON.stringify(id)}`);
    return Scan.fromJSON(json);
  }

  list(limit: number): Scan[] {
    return this.#d.records.list(limit).map((j) => Scan.fromJSON(j));
  }

  #save(scan: Scan): void {
    this.#d.records.put(scan.id, Number(scan.startedAtUnixMs), Scan.toJSON(scan));
  }
}
