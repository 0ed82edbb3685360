import { type Lease, LeaseState } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { stateText } from '../../dhcp/leases-state.ts';
import { formatTime } from '../../format.ts';
import { RowButton } from '../row-button.tsx';
import { TableHead } from '../table-head.tsx';

/** One row per address: who holds it, until when, and a revoke button for bound leases. */
export function LeaseTable({ leases, onRevoke }: { leases: Lease[]; onRevoke(address: string): void }) {
  return (
    <table className="grid-table dhcp-leases" aria-label="Leases">
      <TableHead columns={['Address', 'Client', 'Host name', 'State', 'Expires', 'Subnet', 'Via', '']} />
      <tbody>
        {leases.map((l) => (
          <tr key={l.address} data-address={l.address}>
            <td className="mono">{l.address}</td>
            <td className="mono">{l.mac || l.clientId || '–'}</td>
            <td>{l.hostname || '–'}</td>
            <td>
              <span className={`state state-${stateText(l.state)}`}>{stateText(l.state)}</span>
            </td>
            <td>{formatTime(l.expiresAtUnixMs)}</td>
            <td>{l.subnetId}</td>
            <td>{l.relay ? `relay ${l.relay}` : l.interface}</td>
            <td>
              {l.state === LeaseState.LEASE_STATE_BOUND && (
                <RowButton text="Revoke" label={`Revoke ${l.address}`} onClick={() => onRevoke(l.address)} />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
