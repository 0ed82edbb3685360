import type { Logger } from '@paddock/runtime';
import { numberToIPv4 } from '@paddock/wire';
import type { DhcpConfig } from '../config/config-state.ts';
import type { LeaseTable } from '../leases/lease-table.ts';
import type { Allocator } from '../policy/allocator.ts';
import type { PolicyEnv } from '../policy/types.ts';
import { expiredRows, quarantineRow } from './expiry.ts';
import type { GroupCommit } from './group-commit.ts';

interface UpkeepDeps {
  leases: LeaseTable;
  commits: GroupCommit;
  config: () => DhcpConfig;
  declineSeconds: number;
  log: Logger;
}

/** Writes down leases whose time ran out (see expiry.ts), so the API and watchers say so too. */
export function sweep(d: UpkeepDeps, now: number): void {
  const rows = expiredRows(d.leases.values(), now);
  for (const r of rows) d.leases.put(r);
  if (rows.length > 0) d.commits.add(rows);
}

/** A probe found the address answering: take it out of use like a DECLINE would. */
export function quarantine(d: UpkeepDeps, address: number, now: number): void {
  const until = now + d.declineSeconds * 1000;
  const subnetId = d.config().subnetFor(address)?.id ?? '';
  const row = quarantineRow(d.leases.get(address), address, subnetId, now, until);
  if (!row) {
    d.log.warn({ address: numberToIPv4(address) }, 'address answered a probe after it was bound');
    return;
  }
  d.leases.dropOffer(address);
  d.leases.put(row);
  d.commits.add([row]);
  d.log.warn({ address: numberToIPv4(address) }, 'address in use by an unknown host: quarantined');
}

/** The next free addresses of every pool, ours and the routers' left out: what to probe ahead. */
export function probeCandidates(
  env: PolicyEnv,
  allocator: Allocator,
  ours: readonly number[],
  count: number,
): number[] {
  return env.config.subnets.flatMap((s) => {
    const excluded = new Set([...ours, ...s.routers]);
    return allocator.peek(s, count, env, excluded);
  });
}
