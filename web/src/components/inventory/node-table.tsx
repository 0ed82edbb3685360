import type { Node } from '@paddock/proto/inventory/v1/inventory.ts';
import { archLabel, powerSummary, primaryAddress, stateLabel } from '../../inventory/node-format.ts';
import { TableHead } from '../table-head.tsx';

interface Props {
  nodes: Node[];
  selected: string | undefined;
  onSelect(node: Node): void;
}

/** One row per node: what it is, where it is, and where it is in its life. */
export function NodeTable({ nodes, selected, onSelect }: Props) {
  return (
    <table className="grid-table nodes" aria-label="Nodes">
      <TableHead columns={['Name', 'State', 'Power', 'MAC', 'IP', 'Arch', 'Provider']} />
      <tbody>
        {nodes.map((n) => (
          <tr key={n.id} aria-selected={n.id === selected} className={n.id === selected ? 'selected' : undefined}>
            <td>
              <a
                href={`?node=${encodeURIComponent(n.name)}`}
                onClick={(e) => {
                  e.preventDefault();
                  onSelect(n);
                }}
              >
                {n.name}
              </a>
            </td>
            <td>
              <span className={`state state-${stateLabel(n.lifecycle?.state)}`}>{stateLabel(n.lifecycle?.state)}</span>
            </td>
            <td>{powerSummary(n)}</td>
            <td>
              <code>{n.nics[0]?.mac ?? '—'}</code>
            </td>
            <td>
              <code>{primaryAddress(n)}</code>
            </td>
            <td>{archLabel(n)}</td>
            <td>{n.provider?.name ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
