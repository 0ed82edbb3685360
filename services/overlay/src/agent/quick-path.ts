import type { Shell } from './apply.ts';
import type { Desired } from './desired.ts';
import type { Relay } from './kernel-relay.ts';
import type { SerialQueue } from './serial-queue.ts';

/**
 * What must not wait for a full pass (which reads every device back first, seconds on a busy
 * host): a peer's new endpoint (its pair moved to or from a relay), a peer gone (left, revoked:
 * it can no longer send to this node), and the pairs this node relays for. One `wg set` for all;
 * the full pass that follows checks everything else. Runs on the agent's queue, between full
 * passes (a running pass stops at its next step to let it in), the latest desired state last.
 */
export class QuickPath {
  readonly #wg: string;
  readonly #shell: Shell;
  readonly #relay: Relay;
  #endpoints = new Map<string, string>();
  readonly #queue: SerialQueue;
  /** The last request's peers and relayed pairs: a request that changes neither queues nothing. */
  #requested = '';
  #requestedKeys = new Set<string>();
  /**
   * Queued requests that remove a peer, not yet started: a full pass stops for those (it might be
   * programming that very peer). Endpoint moves do not stop it: a path flapping on a loaded
   * host would then keep every pass from finishing.
   */
  removalsPending = 0;

  constructor(queue: SerialQueue, wg: string, shell: Shell, relay: Relay) {
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
    const keys = new Set((net?.members ?? []).map((m) => m.publicKey));
    const removal = [...this.#requestedKeys].some((k) => !keys.has(k));
    this.#requestedKeys = keys;
    if (removal) this.removalsPending++;
    // A failed `wg set` is left to the full pass queued after this, which plans from what it reads.
    this.#queue
      .run(() => {
        if (removal) this.removalsPending--;
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
    // Removals first (a revoked peer must stop being able to send), then the moved endpoints.
    const args = [...this.#endpoints.keys()]
      .filter((key) => !wanted.has(key))
      .flatMap((key) => ['peer', key, 'remove']);
    for (const [key, endpoint] of wanted) {
      const before = this.#endpoints.get(key);
      // Only peers WireGuard already has: a new one needs its allowed IPs too, which the full pass adds.
      if (before !== undefined && before !== endpoint) args.push(...aim(key, endpoint));
    }
    if (args.length > 0) await this.#shell.exec(['wg', 'set', this.#wg, ...args]);
    this.#endpoints = wanted;
  }
}

/**
 * A new endpoint, and a handshake to it at once: turning persistent keepalive on sends a keepalive
 * right away (wg(8)), so it is turned off and on again, in one `wg set` (wg(8) takes a peer's
 * clauses twice; each takes effect in turn). Both members of a pair get the topology change
 * together, so both send together: behind NATs each one's packet opens its own NAT for the other's
 * (the simultaneous handshakes of wireguard-tools' contrib/nat-hole-punching). Every change of one
 * Watch burst is one command: a relay dying moves several pairs at once, on a node whose agent
 * shares a busy host.
 */
const aim = (key: string, endpoint: string) => [
  'peer',
  key,
  'persistent-keepalive',
  '0',
  'peer',
  key,
  'endpoint',
  endpoint,
  'persistent-keepalive',
  '25',
];
