import { setTimeout as sleep } from 'node:timers/promises';
import type { Inventory } from '../core/inventory.ts';
import { type ReconcileOptions, reconcileNode } from '../core/power-ops.ts';

export interface ReconcilerOptions extends ReconcileOptions {
  /** Time between passes over every node. */
  intervalMs: number;
}

/**
 * The loop that keeps observed power where it is desired (MetaStack's desired/actual state):
 * every interval, each node is observed through its provider and, when they differ, acted on;
 * failures back off per node (see power-plan.ts). A pass can be asked for early (`kick`), for
 * example right after an API call changed something.
 */
export class Reconciler {
  readonly #inv: Inventory;
  readonly #opts: ReconcilerOptions;
  #kick: (() => void) | undefined;
  #passes = 0;

  constructor(inv: Inventory, opts: ReconcilerOptions) {
    this.#inv = inv;
    this.#opts = opts;
  }

  get passes(): number {
    return this.#passes;
  }

  /** Runs until the signal aborts; resolves once the last pass has finished. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.pass();
      const kicked = new Promise<void>((resolve) => {
        this.#kick = resolve;
      });
      await Promise.race([sleep(this.#opts.intervalMs, undefined, { signal }).catch(() => {}), kicked]);
      this.#kick = undefined;
    }
  }

  kick(): void {
    this.#kick?.();
  }

  /** One pass over every node; a node whose pass throws is logged and the others go on. */
  async pass(): Promise<void> {
    const { nodes } = this.#inv.store.list();
    await Promise.all(
      nodes.map((n) =>
        reconcileNode(this.#inv, n.id, this.#opts).catch((err: Error) =>
          this.#inv.log.error({ err, node: n.name }, 'reconcile pass failed'),
        ),
      ),
    );
    this.#passes++;
  }
}
