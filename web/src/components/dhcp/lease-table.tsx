import { type Lease, LeaseState } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { stateText } from '../../dhcp/leases-state.ts';
import { formatTime } from '../../format.ts';

/** One row per address: who holds it, until when, and a revoke button for bound leases. */
export function LeaseTable({ leases, onRevoke }: { leases: Lease[]; onRevoke(address: string): void }) {
  return (
    <table className="grid-table dhcp-leases" aria-label="Leases">
      <thead>
        <tr>
          <th scope="col">Address</th>
          <th scope="col">Client</th>
          <th scope="col">Host name</th>
          <th scope="col">State</th>
          <th scope="col">Expires</th>
          <th scope="col">Subnet</th>
          <th scope="col">Via</th>
          <th scope="col" />
        </tr>
      </thead>
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
                <button
                  type="button"
                  className="small"
                  onClick={() => onRevoke(l.address)}
                  aria-label={`Revoke ${l.address}`}
                >
                  Revoke
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
