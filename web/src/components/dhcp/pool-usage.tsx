import type { PoolStats } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { TableHead } from '../table-head.tsx';

/** Each pool's use: a meter of addresses in use out of its size, with the counts beside it. */
export function PoolUsage({ pools }: { pools: PoolStats[] }) {
  if (pools.length === 0) return <p className="empty">No pools: add a subnet below.</p>;
  return (
    <table className="grid-table dhcp-pools" aria-label="Pool use">
      <TableHead columns={['Subnet', 'Pool', 'Use', 'Bound', 'Offered', 'Declined', 'Free']} />
      <tbody>
        {pools.map((p) => {
          const used = p.size - p.free;
          const label = `${p.subnetId} ${p.first}-${p.last}`;
          return (
            <tr key={label}>
              <td>{p.subnetId}</td>
              <td className="mono">
                {p.first}–{p.last}
              </td>
              <td>
                <meter min={0} max={p.size} value={used} high={p.size * 0.8} aria-label={`Use of pool ${label}`} />{' '}
                <span>
                  {used} / {p.size}
                </span>
              </td>
              <td>{p.bound}</td>
              <td>{p.offered}</td>
              <td>{p.declined}</td>
              <td>{p.free}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
