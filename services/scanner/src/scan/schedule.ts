/**
 * Periodic scans: a live setting (SetSchedule), kept in the settings table so it survives a
 * restart. One timer; a scan that runs long delays the next rather than piling up.
 */
import { Schedule } from '@paddock/proto/scanner/v1/scanner.ts';
import { ALWAYS, type Db, type Logger, type RoleGate } from '@paddock/runtime';
import { toRetryPolicy } from './scan-options.ts';
import type { ScanRunner } from './scan-runner.ts';

const KEY = 'schedule';
export const MIN_INTERVAL_SECONDS = 10;

/** When the next periodic scan is due: an interval after the last one started, never in the past. */
export function nextRunAt(lastStartMs: number | undefined, intervalMs: number, now: number): number {
  return lastStartMs === undefined ? now : Math.max(now, lastStartMs + intervalMs);
}

export class Scheduler {
  readonly #db: Db;
  readonly #runner: ScanRunner;
  readonly #log: Logger;
  readonly #gate: RoleGate;
  #schedule: Schedule;
  #timer: NodeJS.Timeout | undefined;
  #lastStart: number | undefined;
  #stopped = false;

  constructor(db: Db, runner: ScanRunner, log: Logger, gate: RoleGate = ALWAYS) {
    this.#db = db;
    this.#gate = gate;
    this.#runner = runner;
    this.#log = log;
    const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
    this.#schedule = row ? Schedule.fromJSON(JSON.parse(row.value)) : { intervalSeconds: 0 };
  }

  get(): Schedule {
    return this.#schedule;
  }

  /** Checks, stores and applies a schedule; a RangeError names what is wrong. */
  set(s: Schedule): Schedule {
    if (s.intervalSeconds !== 0 && s.intervalSeconds < MIN_INTERVAL_SECONDS) {
      throw new RangeError(
        `interval_seconds must be 0 (off) or at least ${MIN_INTERVAL_SECONDS}, got ${s.intervalSeconds}`,
      );
    }
    toRetryPolicy(s.options);
    this.#schedule = s;
    this.#db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(KEY, JSON.stringify(Schedule.toJSON(s)));
    this.#arm();
    return s;
  }

  start(): void {
    this.#arm();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  #arm(): void {
    clearTimeout(this.#timer);
    const interval = this.#schedule.intervalSeconds * 1000;
    if (this.#stopped || interval === 0) return;
    const now = Date.now();
    this.#timer = setTimeout(() => void this.#run(), nextRunAt(this.#lastStart, interval, now) - now);
    this.#timer.unref();
  }

  async #run(): Promise<void> {
    this.#lastStart = Date.now();
    // Another server holds the schedule: this one keeps its timer, to take over on the next tick.
    if (!this.#gate.held()) return this.#arm();
    try {
      await this.#runner.start(this.#schedule.options, 'schedule').done;
    } catch (err) {
      this.#log.warn({ err }, 'periodic scan could not start');
    }
    this.#arm();
  }
}
