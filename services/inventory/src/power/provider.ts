import type { Firmware, Node, PowerAction, PowerState } from '../model/node.ts';

/**
 * A power provider: who makes, powers and removes a kind of machine. `metal` and `qemu` ship
 * now; cloud providers (GCP, AWS, DigitalOcean) register the same way later. Methods throw a
 * PaddockError whose message says what to fix ("bridge br0 not found in namespace lab._switch").
 */
export interface Provider {
  readonly name: string;
  /** How long the reconciler leaves a machine alone after a successful action. */
  readonly settleMs: number;
  /**
   * How often the reconciler asks for the power state; absent means on every pass (cheap
   * local providers). A BMC sets it: asking a BMC every few seconds wears its few sessions.
   */
  readonly pollMs?: number;
  /** Whether it can be used on this server now, and if not why. */
  available(): Promise<{ ok: boolean; detail: string }>;
  /**
   * Prepares a new node: checks its options and makes what it needs (a QEMU machine's MAC and
   * directory). Leaves nothing behind when it throws.
   */
  create(spec: CreateSpec): Promise<Provisioned>;
  /** Removes what create made, stopping the machine if needed. Idempotent. */
  destroy(node: Node): Promise<void>;
  power(node: Node, action: PowerAction): Promise<void>;
  /**
   * Powers on into a one-time network boot (a cycle when already on). Only providers that can
   * choose the next boot device have it (a BMC's boot override).
   */
  pxe?(node: Node): Promise<void>;
  /** The power state as the provider sees it; undefined when it cannot tell (feeds decide). */
  observe(node: Node): Promise<PowerState | undefined>;
}

/** A provider that can kill a machine at once, synchronously (a compute host's QEMU). */
export interface HaltingProvider extends Provider {
  halt(node: Node): void;
}

export interface CreateSpec {
  id: string;
  macs: string[];
  options: Record<string, string>;
  /** MACs already on other nodes, so a generated one never collides. */
  taken(mac: string): boolean;
}

export interface Provisioned {
  macs: string[];
  /** The options as stored, defaults filled in. */
  options: Record<string, string>;
  architecture?: string;
  firmware?: Firmware;
  vendor?: string;
}

/** The providers a server has, by name. */
export class ProviderRegistry {
  readonly #providers = new Map<string, Provider>();

  constructor(providers: Provider[] = []) {
    for (const p of providers) this.add(p);
  }

  add(p: Provider): void {
    if (this.#providers.has(p.name)) throw new Error(`provider ${p.name} registered twice`);
    this.#providers.set(p.name, p);
  }

  get(name: string): Provider | undefined {
    return this.#providers.get(name);
  }

  names(): string[] {
    return [...this.#providers.keys()].sort();
  }

  all(): Provider[] {
    return this.names().map((n) => this.#providers.get(n)!);
  }
}
