import {
  InventoryServiceDefinition,
  LifecycleState,
  type Node,
  PowerAction,
} from '@paddock/proto/inventory/v1/inventory.ts';
import { hardwareFields } from '@paddock/wire';
import { useState } from 'react';
import { formatTime } from '../../format.ts';
import { unary } from '../../grpc/index.ts';
import { addressSourceLabel, archLabel, powerLabel, stateLabel } from '../../inventory/node-format.ts';
import { useCallOptions } from '../../session-context.ts';
import { ErrorAlert } from '../error-alert.tsx';
import { LifecycleTimeline } from './lifecycle-timeline.tsx';

const ACTIONS = [
  ['Power on', PowerAction.POWER_ACTION_ON],
  ['Power off', PowerAction.POWER_ACTION_OFF],
  ['Reboot', PowerAction.POWER_ACTION_REBOOT],
] as const;

/** One node: its facts, its power with the buttons to change it, and its lifecycle timeline. */
export function NodeDetails({ node, onClose }: { node: Node; onClose(): void }) {
  const call = useCallOptions();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const retired = node.lifecycle?.state === LifecycleState.LIFECYCLE_STATE_RETIRED;
  const power = async (action: PowerAction) => {
    setBusy(true);
    setError(undefined);
    try {
      await unary(InventoryServiceDefinition, 'powerNode', { node: node.id, action }, call);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const rows: Array<[string, string]> = [
    ['State', `${stateLabel(node.lifecycle?.state)} since ${formatTime(node.lifecycle?.sinceUnixMs ?? 0n)}`],
    ['Power', `observed ${powerLabel(node.power?.observed)}, desired ${powerLabel(node.power?.desired)}`],
    ['MAC', node.nics.map((n) => n.mac).join(', ') || '—'],
    ['Addresses', node.addresses.map((a) => `${a.ip} (${addressSourceLabel(a.source)})`).join(', ') || '—'],
    ['Vendor', node.vendor || '—'],
    ['Architecture', archLabel(node)],
    ['Provider', node.provider?.name ?? '—'],
    [
      'Labels',
      Object.entries(node.labels)
        .map(([k, v]) => (v ? `${k}=${v}` : k))
        .join(', ') || '—',
    ],
    ['Boot rule', node.bootRule || '—'],
    ['Last seen', formatTime(node.lastSeenUnixMs)],
    ['Id', node.id],
  ];
  return (
    <section className="panel" aria-label={`Node ${node.name}`}>
      <div className="panel-head">
        <h2>{node.name}</h2>
        <button type="button" className="ghost" onClick={onClose}>
          Close
        </button>
      </div>
      <table className="kv" aria-label="Node facts">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {node.power?.lastError && (
        <p className="warn">
          Power: {node.power.lastError} ({node.power.failures} failed in a row)
        </p>
      )}
      <div className="actions">
        {ACTIONS.map(([label, action]) => (
          <button key={label} type="button" disabled={busy || retired} onClick={() => void power(action)}>
            {label}
          </button>
        ))}
      </div>
      <ErrorAlert error={error} />
      <h3>Hardware</h3>
      {node.hardware ? (
        <table className="kv" aria-label="Hardware">
          <tbody>
            {hardwareFields(node.hardware).map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">Not reported yet: the node image reports its hardware when it boots.</p>
      )}
      <h3>Lifecycle</h3>
      <LifecycleTimeline history={node.lifecycle?.history ?? []} />
    </section>
  );
}
