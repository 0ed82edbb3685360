import type { Node } from '@paddock/proto/scanner/v1/scanner.ts';
import { type WakeRecord, WakeState } from '@paddock/proto/scanner/v1/wake.ts';
import { nodeState, portText, vendorText, wakeText } from '../../scanner/scanner-format.ts';
import { TableHead } from '../table-head.tsx';

interface Props {
  nodes: Node[];
  wakes: ReadonlyMap<string, WakeRecord>;
  now: number;
  onWake(node: Node): void;
}

/** One row per machine: address, MAC, vendor, state, open ports, and its wake button and state. */
export function ScannerNodeTable({ nodes, wakes, now, onWake }: Props) {
  return (
    <table className="grid-table scanner-nodes" aria-label="Scanned machines">
      <TableHead columns={['IP', 'MAC', 'Vendor', 'State', 'Open ports', 'Last seen', 'Wake']} />
      <tbody>
        {nodes.map((n) => {
          const wake = wakes.get(n.mac);
          const busy = wake?.state === WakeState.WAKE_STATE_WAKING;
          return (
            <tr key={n.mac} data-mac={n.mac}>
              <td>{n.ips.join(', ') || '–'}</td>
              <td className="mono">{n.mac}</td>
              <td title={n.vendor?.prefix ? `${n.vendor.registry} ${n.vendor.prefix}` : undefined}>{vendorText(n)}</td>
              <td>
                <span className={`state state-${nodeState(n)}`}>{nodeState(n)}</span>
              </td>
              <td>{n.openPorts.map(portText).join(', ') || '–'}</td>
              <td>{n.lastSeenUnixMs ? new Date(Number(n.lastSeenUnixMs)).toLocaleTimeString() : '–'}</td>
              <td>
                <button type="button" disabled={busy} onClick={() => onWake(n)} aria-label={`Wake ${n.mac}`}>
                  Wake
                </button>{' '}
                <span role="status" aria-label={`Wake state of ${n.mac}`}>
                  {wakeText(wake, now)}
                </span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
