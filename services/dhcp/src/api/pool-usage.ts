import type { PoolStats } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { numberToIPv4 } from '@paddock/wire';
import type { DhcpConfig } from '../config/config-state.ts';
import { isActive } from '../leases/lease.ts';
import type { LeaseTable } from '../leases/lease-table.ts';

/**
 * How full each pool is. Walks the lease rows once (one per address ever used, so bounded by
 * the pools' size) and the held offers once; reserved addresses inside a pool count as used.
 */
export function poolUsage(config: DhcpConfig, table: LeaseTable, now: number): PoolStats[] {
  const out: PoolStats[] = [];
  for (const s of config.subnets) {
    for (const p of s.pools) {
      const inPool = (a: number) => p.first <= a && a <= p.last;
      let bound = 0;
      let declined = 0;
      let reserved = 0;
      for (const l of table.values()) {
        if (!inPool(l.address) || !isActive(l, now)) continue;
        if (l.state === 'declined') declined++;
        else bound++;
      }
      for (const r of config.reservations.byId.values()) {
        if (inPool(r.address) && !(table.get(r.address) && isActive(table.get(r.address)!, now))) reserved++;
      }
      const offered = table.offerCount(now, inPool);
      const size = p.last - p.first + 1;
      out.push({
        subnetId: s.id,
        first: numberToIPv4(p.first),
        last: numberToIPv4(p.last),
        size,
        bound,
        offered,
        declined,
        free: Math.max(0, size - bound - offered - declined - reserved),
      });
    }
  }
  return out;
}
