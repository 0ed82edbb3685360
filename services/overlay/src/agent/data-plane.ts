import type { InterfaceNames } from '../model/types.ts';
import { reconcileState } from './agent.ts';
import type { Shell } from './apply.ts';
import type { Desired } from './desired.ts';
import type { Relay } from './kernel-relay.ts';
import { Passes } from './passes.ts';
import { QuickPath } from './quick-path.ts';
import { SerialQueue } from './serial-queue.ts';
import { Settle } from './settle.ts';
import { teardown } from './teardown.ts';

export interface DataPlaneOptions {
  network: string;
  ifs: InterfaceNames;
  shell: Shell;
  relay: Relay;
  /** This node's desired state as the topology gives it now. */
  desired(): Desired;
  /** Whether a public key is a member now (asked again in the middle of a pass). */
  stillMember(publicKey: string): boolean;
  /** False while the topology is partial: a node missing from it is not torn down. */
  synced(): boolean;
  /** The peers' underlay hosts to probe, each time a pass takes a new desired state. */
  probe(targets: Map<string, string>): void;
  log(line: Record<string, unknown>): void;
}

/** Reapplies the desired state this often even without a change, repairing drift. */
export const REPAIR_MS = 15_000;
/** A full pass for a change waits for the Watch to pause this long (at most SETTLE_MAX_MS): see Settle. */
const SETTLE_MS = 150;
const SETTLE_MAX_MS = 1000;

/**
 * Applies the control plane's topology to this node: the quick path for what must not wait (a
 * peer gone, an endpoint moved, relayed pairs) and full passes for everything. Every write goes
 * through one queue so one never undoes the other: a pass reads the devices freely, then takes
 * the queue to look at the member list again, plan and apply, and stops at its next step when
 * a removal waits (which then waits for one command, not for a pass reading devices).
 */
export class DataPlane {
  readonly #o: DataPlaneOptions;
  readonly #queue = new SerialQueue();
  readonly #quick: QuickPath;
  readonly #passes: Passes;
  readonly #settle: Settle;
  #applied = '';
  #repairDue = false;
  /** A change not yet taken up (see changed()). */
  #changes: Promise<void> | undefined;

  constructor(o: DataPlaneOptions) {
    this.#o = o;
    this.#quick = new QuickPath(this.#queue, o.ifs.wireguard, o.shell, o.relay);
    this.#passes = new Passes(() => this.#pass(), o.log);
    this.#settle = new Settle(() => this.#passes.request(), SETTLE_MS, SETTLE_MAX_MS);
  }

  /**
   * The topology changed. The quick path looks once the Watch messages already read are applied
   * (a member joining moves a path per member: a burst of them is one look at the desired
   * state); a full pass once the stream pauses (`Settle`), so members joining together cost a
   * node one pass, not one per few peers.
   */
  changed(): void {
    this.#settle.request();
    this.#changes ??= new Promise<void>((resolve) =>
      setImmediate(() => {
        this.#changes = undefined;
        this.#quick.request(this.#o.desired());
        resolve();
      }),
    );
  }

  /** A full pass even if the desired state is unchanged (something may have drifted). */
  repair(): void {
    this.#repairDue = true;
    this.#passes.request();
  }

  async idle(): Promise<void> {
    // A change heard during a pass asks for another pass, after a pause: wait for that one too.
    do {
      await this.#changes;
      await this.#settle.idle();
      await this.#passes.idle();
      await this.#queue.idle();
    } while (this.#changes || this.#settle.pending);
  }

  async #pass(): Promise<void> {
    const o = this.#o;
    const d = o.desired();
    // Most changes (a link's latency, another network) leave this node's desired state as it was.
    const shape = JSON.stringify([d.state, d.forwards]);
    if (shape === this.#applied && !this.#repairDue) return;
    this.#applied = shape;
    // Repair passes (every REPAIR_MS) read the devices back after applying; passes for a change trust exit codes.
    const verify = this.#repairDue;
    this.#repairDue = false;
    o.probe(d.probe);
    await this.#queue.run(() => o.relay.set(d.forwards, verify));
    if (!d.state) {
      if (o.synced())
        o.log({ event: 'removed', network: o.network, done: await this.#queue.run(() => teardown(o.ifs, o.shell)) });
      return;
    }
    const [report] = await reconcileState(d.state, o.shell, {
      stillMember: o.stillMember,
      stop: () => this.#quick.removalsPending > 0,
      exclusive: (write) => this.#queue.run(write),
      verify,
    });
    // Cut short: the pass that follows (the change that stopped this one asked for it) must not be skipped.
    if (!report || report.stopped || report.error) this.#applied = '';
    o.log({ event: 'pass', relaying: d.forwards.length, ...report });
  }
}
