import type { Shell } from './apply.ts';
import type { Desired } from './desired.ts';
import type { RelayForwarder } from './relay.ts';
import type { SerialQueue } from './serial-queue.ts';

/**
 * What must not wait for a full pass (which reads every device back first, seconds on a busy
 * host): a peer's new endpoint (its pair moved to or from a relay), a peer gone (left, revoked:
 * it can no longer send to this node), and the pairs this node relays for. One `wg set` each;
 * the full pass that follows checks everything else. Runs on the agent's queue, between full
 * passes (a running pass stops at its next step to let it in), the latest desired state last.
 */
export class QuickPath {
  readonly #wg: string;
  readonly #shell: Shell;
  readonly #relay: RelayForwarder;
  #endpoints = new Map<string, string>();
  readonly #queue: SerialQueue;
  /** The last request's peers and relayed pairs: a request that changes neither queues nothing. */
  #requested = '';
  /** Requests queued and not yet started. */
  pending = 0;

  constructor(queue: SerialQueue, wg: string, shell: Shell, relay: RelayForwarder) {
    this.#queue = queue;
    this.#wg = wg;
    this.#shell = shell;
    this.#relay = relay;
  }

  request(d: Desired): void {
    const net = d.state?.networks[0];
    const shape = JSON.stringify([net?.members.map((m) => [m.publicKey, m.endpoint]), d.forwards]);
    if (shape === this.#requested) return;
    this.#requested = shape;
    this.pending++;
    // A failed `wg set` is left to the full pass queued after this, which plans from what it reads.
    this.#queue
      .run(() => {
        this.pending--;
        return this.#apply(d);
      })
      .catch(() => {});
  }

  async #apply(d: Desired): Promise<void> {
    await this.#relay.set(d.forwards);
    const net = d.state?.networks[0];
    const wanted = new Map(
      (net?.members ?? []).filter((m) => m.name !== d.state?.node).map((m) => [m.publicKey, m.endpoint]),
    );
    for (const [key, endpoint] of wanted) {
      const before = this.#endpoints.get(key);
      // Only peers WireGuard already has: a new one needs its allowed IPs too, which the full pass adds.
      if (before !== undefined && before !== endpoint)
        await this.#shell.exec(['wg', 'set', this.#wg, 'peer', key, 'endpoint', endpoint]);
    }
    for (const key of this.#endpoints.keys())
      if (!wanted.has(key)) await this.#shell.exec(['wg', 'set', this.#wg, 'peer', key, 'remove']);
    this.#endpoints = wanted;
  }
}
