import type { Member } from '@paddock/proto/overlay/v1/overlay.ts';
import { edgeLabel, type GraphEdge, type GraphNode } from '../../overlay/graph-model.ts';
import { TableHead } from '../table-head.tsx';

/** The members of the network: addresses, where they are reached, which are behind NAT or relay. */
export function MembersTable({ members, nodes }: { members: Member[]; nodes: GraphNode[] }) {
  const node = new Map(nodes.map((n) => [n.name, n]));
  const sorted = [...members].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <table className="grid-table" aria-label="Overlay members">
      <TableHead columns={['Member', 'Address', 'Endpoint', 'Seen at', 'Relays', 'Registered by']} />
      <tbody>
        {sorted.map((m) => (
          <tr key={m.name}>
            <td>{m.name}</td>
            <td>{m.address}</td>
            <td>{m.endpoint}</td>
            <td>{m.publicEndpoint ? `${m.publicEndpoint} (behind NAT)` : '—'}</td>
            <td>{node.get(m.name)?.relaying || '—'}</td>
            <td>{m.registeredBy}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every pair, the path its traffic takes and what that path measures. */
export function PathsTable({ edges }: { edges: GraphEdge[] }) {
  return (
    <table className="grid-table" aria-label="Overlay paths">
      <TableHead columns={['Pair', 'Path', 'Round trip · loss', 'Direct path']} />
      <tbody>
        {edges.map((e) => (
          <tr key={`${e.a}|${e.b}`} className={`path-${e.kind}`}>
            <td>
              {e.a} ↔ {e.b}
            </td>
            <td>{e.kind === 'relayed' ? `via ${e.via}` : e.kind}</td>
            <td>{edgeLabel(e)}</td>
            <td>{e.directDown ? 'down' : 'up'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
