import type { Lease } from '../leases/lease.ts';
import type { LeaseTable } from '../leases/lease-table.ts';
import type { Effect } from './types.ts';

export interface Applied {
  /** Rows to make durable before the reply may leave. */
  rows: Lease[];
  /** Addresses to probe for conflicts. */
  probes: number[];
}

/**
 * Applies a verdict's effects to the in-memory table, at once, so the next request sees them;
 * returns what still has to happen outside memory (commit, probes).
 */
export function applyEffects(effects: readonly Effect[], table: LeaseTable): Applied {
  const out: Applied = { rows: [], probes: [] };
  for (const e of effects) {
    switch (e.kind) {
      case 'lease':
        table.put(e.lease);
        out.rows.push(e.lease);
        break;
      case 'hold':
        table.hold(e.offer);
        break;
      case 'drop-offer':
        table.dropOffer(e.address);
        break;
      case 'probe':
        out.probes.push(e.address);
        break;
    }
  }
  return out;
}
