import { edgeLabel, type Graph, type GraphEdge, type GraphNode } from '../../overlay/graph-model.ts';

const NODE_R = 22;

function Edge({ e, at }: { e: GraphEdge; at: Map<string, GraphNode> }) {
  const a = at.get(e.a)!;
  const b = at.get(e.b)!;
  const via = at.get(e.via);
  const title = `${e.a} ↔ ${e.b}: ${e.kind === 'relayed' ? `relayed via ${e.via}` : e.kind}, ${edgeLabel(e)}`;
  return (
    <g className={`overlay-edge ${e.kind}`} data-pair={`${e.a}|${e.b}`} data-via={e.via || undefined}>
      <title>{title}</title>
      {/* The direct path an agent measured down stays drawn, crossed out, so a relay has its reason. */}
      {(e.kind !== 'direct' || e.directDown) && <line className="blocked" x1={a.x} y1={a.y} x2={b.x} y2={b.y} />}
      {e.kind === 'direct' && <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} />}
      {e.kind === 'relayed' && via && <polyline points={`${a.x},${a.y} ${via.x},${via.y} ${b.x},${b.y}`} />}
      <text x={e.label.x} y={e.label.y - 4} textAnchor="middle">
        {edgeLabel(e)}
      </text>
    </g>
  );
}

function Node({ n }: { n: GraphNode }) {
  const title = `${n.name} ${n.address}${n.behindNat ? `, behind NAT (seen at ${n.publicEndpoint})` : ''}${
    n.relaying ? `, relaying ${n.relaying} ${n.relaying === 1 ? 'pair' : 'pairs'}` : ''
  }`;
  return (
    <g className={`overlay-node${n.behindNat ? ' nat' : ''}${n.relaying ? ' relay' : ''}`} data-member={n.name}>
      <title>{title}</title>
      <circle cx={n.x} cy={n.y} r={NODE_R} />
      <text x={n.x} y={n.y + 4} textAnchor="middle" className="name">
        {n.name}
      </text>
      {n.behindNat && (
        <text x={n.x} y={n.y + NODE_R + 14} textAnchor="middle" className="nat-mark">
          NAT {n.publicEndpoint}
        </text>
      )}
      {n.relaying > 0 && (
        <text x={n.x} y={n.y - NODE_R - 6} textAnchor="middle" className="relay-mark">
          relay ×{n.relaying}
        </text>
      )}
    </g>
  );
}

/**
 * The overlay drawn in plain SVG: members as circles (dashed when behind NAT), each pair's path
 * as a line labelled with its round trip and loss; a relayed pair is drawn through its relay,
 * highlighted, over the crossed-out direct path. Relayed paths are drawn last, on top.
 */
export function OverlayGraph({ graph, network }: { graph: Graph; network: string }) {
  const at = new Map(graph.nodes.map((n) => [n.name, n]));
  const order = { unreachable: 0, direct: 1, relayed: 2 } as const;
  const edges = [...graph.edges].sort((x, y) => order[x.kind] - order[y.kind]);
  const dense = graph.nodes.length > 12;
  return (
    <svg
      className={`overlay-graph${dense ? ' dense' : ''}`}
      viewBox={`0 0 ${graph.width} ${graph.height}`}
      role="img"
      aria-label={`Overlay graph of ${network}`}
    >
      {edges.map((e) => (
        <Edge key={`${e.a}|${e.b}`} e={e} at={at} />
      ))}
      {graph.nodes.map((n) => (
        <Node key={n.name} n={n} />
      ))}
    </svg>
  );
}

/** What the colours and dashes mean. */
export function GraphLegend() {
  return (
    <ul className="overlay-legend" aria-label="Legend">
      <li>
        <span className="swatch direct" /> direct
      </li>
      <li>
        <span className="swatch relayed" /> relayed (through the member named)
      </li>
      <li>
        <span className="swatch blocked" /> direct path down
      </li>
      <li>
        <span className="swatch nat" /> behind NAT (dashed)
      </li>
    </ul>
  );
}
