import type { Etcd3 } from 'etcd3';
import { claimKey, encodeClaim } from './claim-key.ts';
import { LeasedClaim } from './leased-claim.ts';
import { type ClaimRead, readClaims } from './read-claims.ts';

export interface MachineClaimsOptions {
  prefix: string;
  /** This compute host's server id, written in each claim. */
  host: string;
  /** How long a dead host keeps its machines: another claims them after this. */
  ttlSeconds: number;
  /** Told when a claim ends without release (see LeasedClaim): stop the machine at once. */
  onLost: (machine: string, why: string) => void;
}

/**
 * One compute host's machine claims on a site's etcd (MetaStack): a machine is claimed by
 * compare-and-swap, each claim under its own lease, so a host that dies loses its machines one
 * TTL later and the other hosts may claim them. Which machines to claim is the caller's policy.
 */
export class MachineClaims {
  readonly #client: Etcd3;
  readonly #o: MachineClaimsOptions;
  readonly #claims = new Map<string, LeasedClaim>();

  constructor(client: Etcd3, o: MachineClaimsOptions) {
    this.#client = client;
    this.#o = o;
  }

  get host(): string {
    return this.#o.host;
  }

  /** Whether this host holds the machine's claim now, by its own clock. */
  held(machine: string): boolean {
    return this.#claims.get(machine)?.held() ?? false;
  }

  /** The machines this host holds now. */
  heldMachines(): string[] {
    return [...this.#claims].filter(([, c]) => c.held()).map(([m]) => m);
  }

  /** Claims the machine if no host holds it; false when another does. */
  async take(machine: string, name: string): Promise<boolean> {
    if (this.held(machine)) return true;
    const claim = await LeasedClaim.take(this.#client, {
      key: claimKey(this.#o.prefix, machine),
      value: encodeClaim({ host: this.#o.host, name, since: Date.now() }),
      ttlSeconds: this.#o.ttlSeconds,
      onLost: (why) => {
        if (this.#claims.get(machine) === claim) this.#claims.delete(machine);
        this.#o.onLost(machine, why);
      },
    });
    if (!claim) return false;
    this.#claims.set(machine, claim);
    return true;
  }

  /** Gives the machine's claim up (stop the machine first: another host may start it at once). */
  async release(machine: string): Promise<void> {
    const claim = this.#claims.get(machine);
    this.#claims.delete(machine);
    await claim?.release();
  }

  /** Every claim on the site, this host's and the others'. */
  list(deadlineMs = 3_000): Promise<ClaimRead[]> {
    return readClaims(this.#client, this.#o.prefix, deadlineMs);
  }

  /** Releases every claim (at shutdown, once the machines are stopped). */
  async stop(): Promise<void> {
    await Promise.all([...this.#claims.keys()].map((m) => this.release(m)));
  }
}
