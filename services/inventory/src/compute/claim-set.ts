import type { ClaimRead } from '@paddock/etcd';

/**
 * What a compute host needs of its machine claims (`MachineClaims` in @paddock/etcd): claim by
 * compare-and-swap, know by its own clock what it holds, give up, read every host's claims.
 */
export interface ClaimSet {
  readonly host: string;
  held(machine: string): boolean;
  heldMachines(): string[];
  take(machine: string, name: string): Promise<boolean>;
  release(machine: string): Promise<void>;
  list(): Promise<ClaimRead[]>;
  stop(): Promise<void>;
}
