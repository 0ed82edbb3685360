import { failedPrecondition } from '@paddock/runtime';
import type { Node, PowerAction, PowerState } from '../model/node.ts';
import type { CreateSpec, HaltingProvider, Provider, Provisioned } from '../power/provider.ts';
import type { ClaimSet } from './claim-set.ts';

/**
 * The `qemu` provider of a server on an etcd store, where QEMU machines run on whichever compute
 * host holds their claim: this server powers, observes and destroys a machine only while it
 * holds the machine's claim. Elsewhere a power action only records the desired power (the
 * holder acts on it), and the power state is not this server's to say.
 */
export class ClaimedProvider implements Provider {
  readonly #inner: HaltingProvider;
  readonly #claims: () => ClaimSet | undefined;

  constructor(inner: HaltingProvider, claims: () => ClaimSet | undefined) {
    this.#inner = inner;
    this.#claims = claims;
  }

  get name(): string {
    return this.#inner.name;
  }

  get settleMs(): number {
    return this.#inner.settleMs;
  }

  available() {
    return this.#inner.available();
  }

  create(spec: CreateSpec): Promise<Provisioned> {
    return this.#inner.create(spec);
  }

  /** Here only if held; the host holding a deleted machine stops it when it sees it gone. */
  async destroy(node: Node): Promise<void> {
    if (this.#held(node)) await this.#inner.destroy(node);
  }

  async power(node: Node, action: PowerAction): Promise<void> {
    if (this.#held(node)) {
      await this.#inner.power(node, action);
      // A start that outlived the claim must not leave the machine running here.
      if (!this.#held(node)) this.#inner.halt(node);
      return;
    }
    if (action === 'reboot')
      throw failedPrecondition(
        `node ${node.name} runs on the compute host holding its claim, not this server: reboot it through that server, or power it off and on`,
      );
  }

  async observe(node: Node): Promise<PowerState | undefined> {
    return this.#held(node) ? this.#inner.observe(node) : undefined;
  }

  /** Kills the machine here at once (its claim may have ended). */
  halt(node: Node): void {
    this.#inner.halt(node);
  }

  #held(node: Node): boolean {
    return this.#claims()?.held(node.id) ?? false;
  }
}
