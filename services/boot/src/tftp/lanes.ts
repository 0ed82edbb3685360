import { Worker } from 'node:worker_threads';
import { closeFd, openEventFd, signalEventFd } from '@paddock/netio';
import type { FromLane, LaneJob, ToLane } from './lane-protocol.ts';
import type { SessionEnd, SessionStats } from './lane-session.ts';

/** The end of a transfer handed to a lane; without stats when the lane died under it. */
export type LaneEnd = (outcome: SessionEnd, stats?: SessionStats) => void;

interface Lane {
  worker: Worker;
  wakeFd: number;
  ends: Map<number, LaneEnd>;
}

const WORKER = new URL('./lane-worker.ts', import.meta.url);
/** How long a stopping lane may take to abort its transfers and exit by itself. */
const STOP_GRACE_MS = 3000;

/**
 * The server's transfer lanes: worker threads that run transfers. A transfer goes to an idle
 * lane; when none is idle a new lane starts, up to `size`; past that, to the lane with the
 * fewest. Lanes are threads of their own to the scheduler, so many lockstep clients get about
 * the share of the CPU that a process per transfer (tftpd-hpa's way) would get them. A lane
 * that dies fails its transfers and is replaced on demand (their sockets stay open: a
 * descriptor the lane closed may be reused by then, and closing someone else's could hit a
 * database).
 */
export class TftpLanes {
  readonly size: number;
  readonly #lanes: (Lane | undefined)[];
  #closed = false;

  constructor(size: number) {
    this.size = Math.max(1, size);
    this.#lanes = Array.from({ length: this.size }, () => undefined);
  }

  /** Starts the first lane now, so the first transfer does not wait for a thread to load. */
  warm(): void {
    this.#lane(0);
  }

  /** Lanes running now. */
  get started(): number {
    return this.#lanes.filter(Boolean).length;
  }

  get active(): number {
    return this.#lanes.reduce((n, l) => n + (l?.ends.size ?? 0), 0);
  }

  run(job: LaneJob, end: LaneEnd): { abort(reason: string): void } {
    if (this.#closed) throw new Error('lanes closed');
    const lane = this.#pick();
    lane.ends.set(job.id, end);
    // The bytes of a memory file are copied to the lane; descriptors are shared by threads.
    this.#post(lane, { kind: 'start', ...job });
    return { abort: (reason) => this.#post(lane, { kind: 'abort', id: job.id, reason }) };
  }

  /** Aborts every transfer and waits for the lanes to exit. */
  async close(reason = 'server closing'): Promise<void> {
    this.#closed = true;
    const exits = this.#lanes.map(async (lane) => {
      if (!lane) return;
      const exited = new Promise<void>((resolve) => lane.worker.once('exit', () => resolve()));
      this.#post(lane, { kind: 'stop', reason });
      const timer = setTimeout(() => void lane.worker.terminate(), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    });
    await Promise.all(exits);
  }

  /** An idle lane, else a new one while there is room, else the least busy. */
  #pick(): Lane {
    let least: Lane | undefined;
    for (const lane of this.#lanes) {
      if (!lane) continue;
      if (lane.ends.size === 0) return lane;
      if (!least || lane.ends.size < least.ends.size) least = lane;
    }
    const free = this.#lanes.indexOf(undefined);
    return free >= 0 || !least ? this.#lane(Math.max(0, free)) : least;
  }

  #post(lane: Lane, m: ToLane): void {
    lane.worker.postMessage(m);
    signalEventFd(lane.wakeFd);
  }

  #lane(i: number): Lane {
    const existing = this.#lanes[i];
    if (existing) return existing;
    const wakeFd = openEventFd();
    const worker = new Worker(WORKER, { workerData: { wakeFd } });
    const lane: Lane = { worker, wakeFd, ends: new Map() };
    worker.unref();
    worker.on('message', (m: FromLane) => {
      const end = lane.ends.get(m.id);
      lane.ends.delete(m.id);
      end?.(m.outcome, m.stats);
    });
    let lost = false;
    const lose = (why: string) => {
      if (lost) return;
      lost = true;
      if (this.#lanes[i] === lane) this.#lanes[i] = undefined;
      for (const end of lane.ends.values()) end({ kind: 'failed', reason: `transfer lane ${why}` });
      lane.ends.clear();
    };
    worker.on('error', (err) => lose(`failed: ${err.message}`));
    worker.on('exit', (code) => {
      lose(`exited (${code})`);
      closeFd(wakeFd);
    });
    this.#lanes[i] = lane;
    return lane;
  }
}
