import { setTimeout as sleep } from 'node:timers/promises';
import type { RoleGate } from '@paddock/runtime';
import type { Inventory } from '../core/inventory.ts';
import { type ReconcileOptions, reconcileNode } from '../core/power-ops.ts';
import type { Node } from '../model/node.ts';
import { afterPoll, type PollState, pollDue, spreadFor } from '../model/poll-schedule.ts';

export interface ReconcilerOptions extends ReconcileOptions {
  /** Time between passes over every node (a pass only starts the nodes that are due). */
  intervalMs: number;
  /** Passes run only while this holds (with several servers on one etcd: the power-reconciler role). */
  gate?: RoleGate;
  /** Nodes this loop leaves alone (with an etcd store: QEMU machines, run by compute hosts). */
  skip?: (node: Node) => boolean;
}

/**
 * The loop that keeps observed power where it is desired (MetaStack's desired/actual state):
 * every interval, each node that is due (see poll-schedule.ts: every pass for QEMU, every
 * `pollMs` for a BMC, less often while it fails) is observed through its provider and, when
 * observed and desired power differ, acted on; failed actions back off per node
 * (power-plan.ts). Nodes run on their own: a pass starts the due nodes and does not wait for
 * them, so one BMC that takes a minute to time out never delays another node's pass. A pass
 * can be asked for early (`kick`), which asks every node not already busy.
 */
export class Reconciler {
  readonly #inv: Inventory;
  readonly #opts: ReconcilerOptions;
  readonly #schedule = new Map<string, PollState>();
  readonly #running = new Map<string, Promise<void>>();
  #kick: (() => void) | undefined;
  #kicked = false;
  #passes = 0;

  constructor(inv: Inventory, opts: ReconcilerOptions) {
    this.#inv = inv;
    this.#opts = opts;
  }

  /** Passes whose nodes have all finished. */
  get passes(): number {
    return this.#passes;
  }

  /** Runs until the signal aborts; resolves once every node's work has finished. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const force = this.#kicked;
      this.#kicked = false;
      if (this.#opts.gate?.held() ?? true) void this.pass(force);
      const kicked = new Promise<void>((resolve) => {
        this.#kick = resolve;
      });
      await Promise.race([sleep(this.#opts.intervalMs, undefined, { signal }).catch(() => {}), kicked]);
      this.#kick = undefined;
    }
    await Promise.allSettled(this.#running.values());
  }

  kick(): void {
    this.#kicked = true;
    this.#kick?.();
  }

  /**
   * Starts every due node that is not still running from an earlier pass (all of them when
   * `force`) and resolves when those have finished; a node whose pass throws is logged and
   * the others go on.
   */
  async pass(force = false): Promise<void> {
    const now = this.#inv.now();
    const skip = this.#opts.skip;
    const nodes = this.#inv.store.list().nodes.filter((n) => !skip?.(n));
    const live = new Set(nodes.map((n) => n.id));
    for (const id of this.#schedule.keys()) if (!live.has(id)) this.#schedule.delete(id);
    const started: Promise<void>[] = [];
    for (const n of nodes) {
      if (this.#running.has(n.id) || (!force && !pollDue(this.#schedule.get(n.id), now))) continue;
      const pollMs = this.#inv.providers.get(n.provider.name)?.pollMs ?? 0;
      const work = reconcileNode(this.#inv, n.id, this.#opts)
        .catch((err: Error) => {
          this.#inv.log.error({ err, node: n.name }, 'reconcile pass failed');
          return 'failed' as const;
        })
        .then((outcome) => {
          const at = this.#inv.now();
          this.#schedule.set(n.id, afterPoll(this.#schedule.get(n.id), outcome, at, pollMs, spreadFor(n.id, pollMs)));
          this.#running.delete(n.id);
        });
      this.#running.set(n.id, work);
      started.push(work);
    }
    await Promise.all(started);
    this.#passes++;
  }
}
