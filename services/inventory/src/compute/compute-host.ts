import { setTimeout as sleep } from 'node:timers/promises';
import type { Inventory } from '../core/inventory.ts';
import { withObservedPower } from '../core/node-power.ts';
import { reconcileNode } from '../core/power-ops.ts';
import type { Node } from '../model/node.ts';
import type { HaltingProvider } from '../power/provider.ts';
import { type Machine, planClaims } from './claim-policy.ts';
import type { ClaimSet } from './claim-set.ts';

export interface ComputeHostOptions {
  capacity: number;
  /** Time between two passes (each reads every claim once). */
  pollMs: number;
  bootTimeoutMs: number;
}

/** QEMU machines are desired state while desired on and not retired. */
export function wanted(n: Node): boolean {
  return n.provider.name === 'qemu' && n.power.desired === 'on' && n.lifecycle.state !== 'retired';
}

/**
 * A compute host (MetaStack): every pass it reads the site's claims, lets the policy say which
 * machines to give up and which to claim, then keeps each machine it holds running through the
 * reconciler's per-node pass (observe, start, record). A claim that ends without release (lease
 * lost) kills the machine at once, before another host can claim it. At stop the machines are
 * stopped and their claims released, so other hosts take them over without waiting a TTL.
 */
export class ComputeHost {
  readonly #inv: Inventory;
  readonly #qemu: HaltingProvider;
  readonly #claims: ClaimSet;
  readonly #o: ComputeHostOptions;
  readonly #failures = new Map<string, { count: number; at: number }>();
  /** The last node seen of each held machine: a deleted one is still stopped with its options. */
  readonly #last = new Map<string, Node>();
  #failedHere = new Set<string>();

  constructor(inv: Inventory, qemu: HaltingProvider, claims: ClaimSet, o: ComputeHostOptions) {
    this.#inv = inv;
    this.#qemu = qemu;
    this.#claims = claims;
    this.#o = o;
  }

  /** The claim ended without release: stop the machine now (synchronously, SIGKILL). */
  lost(machine: string, why: string): void {
    const node = this.#last.get(machine) ?? this.#inv.store.find(machine);
    if (node) this.#qemu.halt(node);
    this.#inv.log.warn({ node: node?.name ?? machine, why }, 'machine claim lost: machine stopped');
  }

  async run(signal: AbortSignal): Promise<void> {
    // An outage is logged when it starts and when it ends, not once a pass.
    let failing = false;
    while (!signal.aborted) {
      try {
        await this.pass();
        if (failing) this.#inv.log.info('compute host passes work again');
        failing = false;
      } catch (err) {
        if (!failing) this.#inv.log.warn({ err: (err as Error).message }, 'compute host pass failed; retrying');
        failing = true;
      }
      await sleep(this.#o.pollMs, undefined, { signal }).catch(() => {});
    }
    await this.#stopAll();
  }

  async pass(): Promise<void> {
    const claims = await this.#claims.list();
    const nodes = this.#inv.store.list().nodes.filter((n) => n.provider.name === 'qemu');
    const machines: Machine[] = nodes.map((n) => ({ id: n.id, name: n.name, wanted: wanted(n) }));
    const verdict = planClaims(machines, {
      host: this.#claims.host,
      capacity: this.#o.capacity,
      claimed: new Map(claims.flatMap((c) => ('error' in c ? [] : [[c.machine, c.host] as const]))),
      held: new Set(this.#claims.heldMachines()),
      failures: this.#failures,
      failedHere: this.#failedHere,
      now: Date.now(),
    });
    for (const r of verdict.release) await this.#release(r.id, r.why);
    for (const m of verdict.take) if (await this.#claims.take(m.id, m.name)) this.#claimed(m.id, m.name);
    this.#failedHere = new Set();
    for (const id of this.#claims.heldMachines()) {
      const node = this.#inv.store.find(id);
      if (!node || !wanted(node)) continue;
      this.#last.set(id, node);
      await reconcileNode(this.#inv, id, { bootTimeoutMs: this.#o.bootTimeoutMs, wantToken: true });
      const after = this.#inv.store.find(id);
      if (after && after.power.failures > node.power.failures) {
        this.#failedHere.add(id);
        const f = this.#failures.get(id);
        this.#failures.set(id, { count: (f?.count ?? 0) + 1, at: Date.now() });
      } else if (after?.power.observed === 'on') this.#failures.delete(id);
    }
  }

  /**
   * A new holder tries at once: a back-off or settling time on the node was the previous
   * host's (a machine it had just started, a start that failed there).
   */
  #claimed(id: string, name: string): void {
    this.#inv.log.info({ node: name }, 'machine claimed');
    if (!this.#inv.store.find(id)) return;
    this.#inv.mutate(id, (n) =>
      n.power.nextAttemptAt > this.#inv.now() ? { ...n, power: { ...n.power, nextAttemptAt: 0 } } : n,
    );
  }

  /** Stops the machine here, records it off, then gives the claim up for another host. */
  async #release(id: string, why: string): Promise<void> {
    const stored = this.#inv.store.find(id);
    const node = stored ?? this.#last.get(id);
    if (node) {
      // A deleted machine's directory goes too; one that stays keeps it for its next start here.
      await (stored ? this.#qemu.power(node, 'off') : this.#qemu.destroy(node)).catch(() => this.#qemu.halt(node));
      if (stored)
        this.#inv.mutate(id, (n) =>
          withObservedPower(n, 'off', this.#inv.now(), `stopped by compute host ${this.#claims.host}: ${why}`),
        );
    }
    await this.#claims.release(id);
    this.#last.delete(id);
    this.#inv.log.info({ node: node?.name ?? id, why }, 'machine claim released');
  }

  async #stopAll(): Promise<void> {
    for (const id of this.#claims.heldMachines())
      await this.#release(id, 'the compute host stops').catch((err: Error) =>
        this.#inv.log.warn({ err: err.message, node: id }, 'cannot hand a machine over at stop'),
      );
    await this.#claims.stop();
  }
}
