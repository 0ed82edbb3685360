/**
 * The WakeService's state: each wake as a record, its changes as a revisioned event stream.
 * Wake answers at once with the wake in WAKING; its tracking goes on in the background.
 */
import { randomUUID } from 'node:crypto';
import { WakeEvent, WakeEventKind, WakeRecord, type WakeRequest, WakeState } from '@paddock/proto/scanner/v1/wake.ts';
import type { WatchSource } from '@paddock/runtime';
import { failedPrecondition, invalidArgument, type Logger, notFound } from '@paddock/runtime';
import { isIPv4 } from '@paddock/wire';
import type { EventLog } from '../store/event-log.ts';
import type { RecordStore } from '../store/scanner-store.ts';
import { parsePassword } from './magic-packet.ts';
import { WAKE_DEFAULTS } from './wake-plan.ts';
import { checkWakeTarget } from './wake-send.ts';
import { trackWake } from './wake-tracker.ts';

export interface WakeDeps {
  interface: string | undefined;
  netns?: string;
  records: RecordStore<unknown>;
  log: EventLog<unknown>;
  lastIpOf(mac: string): string | undefined;
  logger: Logger;
  shutdown: AbortSignal;
}

export class WakeManager {
  readonly #d: WakeDeps;
  readonly #running = new Set<Promise<unknown>>();

  constructor(deps: WakeDeps) {
    this.#d = deps;
  }

  wake(req: WakeRequest): WakeRecord {
    const ifname = this.#d.interface;
    if (!ifname)
      throw failedPrecondition('this server has no interface to wake machines on: start it with --interface IF');
    const mac = req.mac.trim().toLowerCase().replaceAll('-', ':');
    const timeoutMs = req.timeoutMs || WAKE_DEFAULTS.timeoutMs;
    try {
      checkWakeTarget(mac);
      parsePassword(req.password);
      if (req.ip && !isIPv4(req.ip)) throw new RangeError(`not an IPv4 address: ${JSON.stringify(req.ip)}`);
      if (timeoutMs < 1000 || timeoutMs > 3_600_000)
        throw new RangeError(`timeout_ms must be 1000-3600000, got ${timeoutMs}`);
      if (req.port > 65535) throw new RangeError(`port must be 1-65535, got ${req.port}`);
    } catch (err) {
      throw err instanceof RangeError ? invalidArgument(err.message) : err;
    }
    const ip = req.ip || this.#d.lastIpOf(mac) || '';
    const record: WakeRecord = {
      id: randomUUID(),
      mac,
      ip,
      state: WakeState.WAKE_STATE_WAKING,
      interface: ifname,
      requestedAtUnixMs: BigInt(Date.now()),
      finishedAtUnixMs: 0n,
      packetsSent: 0,
      probesSent: 0,
      detail: '',
      timeoutMs,
    };
    this.#save(record);
    const tracking = trackWake({
      interface: ifname,
      netns: this.#d.netns,
      mac,
      ...(ip && { ip }),
      password: req.password,
      port: req.port || 9,
      plan: { ...WAKE_DEFAULTS, timeoutMs },
      signal: this.#d.shutdown,
      onProgress: (p) => {
        Object.assign(record, p);
        this.#save(record);
      },
    }).then((r) => {
      Object.assign(record, {
        state: r.awake ? WakeState.WAKE_STATE_AWAKE : WakeState.WAKE_STATE_FAILED,
        detail: r.detail,
        packetsSent: r.packetsSent,
        probesSent: r.probesSent,
        finishedAtUnixMs: BigInt(Date.now()),
      });
      this.#save(record);
      this.#d.logger.info({ mac, state: r.awake ? 'awake' : 'failed', detail: r.detail }, 'wake finished');
    });
    this.#running.add(tracking);
    void tracking.finally(() => this.#running.delete(tracking));
    return WakeRecord.fromJSON(WakeRecord.toJSON(record));
  }

  get(id: string): WakeRecord {
    const json = this.#d.records.get(id);
    if (!json) throw notFound(`no wake with id ${JSON.stringify(id)}`);
    return WakeRecord.fromJSON(json);
  }

  list(limit: number): WakeRecord[] {
    return this.#d.records.list(limit).map((j) => WakeRecord.fromJSON(j));
  }

  /** Waits for wakes in flight to end (the shutdown signal cancels them). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.#running]);
  }

  /** WatchWakes' source: the 100 most recent wakes, then the logged changes. */
  source(): WatchSource<WakeEvent, WakeEvent> {
    return this.#d.log.source(
      () => this.list(100).map((wake) => ({ kind: WakeEventKind.WAKE_EVENT_KIND_UNSPECIFIED, wake })),
      WakeEvent.fromJSON,
    );
  }

  #save(record: WakeRecord): void {
    this.#d.records.put(record.id, Number(record.requestedAtUnixMs), WakeRecord.toJSON(record));
    this.#d.log.append(WakeEvent.toJSON({ kind: WakeEventKind.WAKE_EVENT_KIND_CHANGED, wake: record }));
  }
}
