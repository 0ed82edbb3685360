import { OverlayServiceDefinition } from '@paddock/proto/overlay/v1/overlay.ts';
import { useState } from 'react';
import { serverStream } from '../../grpc/index.ts';
import { useWatch } from '../../hooks/use-watch.ts';
import { layoutGraph } from '../../overlay/graph-model.ts';
import { applyTopologyEvent, EMPTY_TOPOLOGY, ofNetwork } from '../../overlay/topology-state.ts';
import { useCallOptions } from '../../session-context.ts';
import { LiveIndicator } from '../live-indicator.tsx';
import { GraphLegend, OverlayGraph } from './overlay-graph.tsx';
import { MembersTable, PathsTable } from './overlay-tables.tsx';

/** The overlay page: one network's members, links and paths, drawn and listed, live from WatchTopology. */
export function OverlayPage() {
  const call = useCallOptions();
  const watch = useWatch(
    () => EMPTY_TOPOLOGY,
    (fromRevision, signal) =>
      serverStream(
        OverlayServiceDefinition,
        'watchTopology',
        { watch: { fromRevision }, network: '', node: '' },
        { ...call, signal },
      ),
    applyTopologyEvent,
    call,
  );
  const stream = { ...watch, ...watch.state };
  const names = [...stream.networks.keys()].sort();
  const [chosen, setChosen] = useState<string>();
  const network = chosen !== undefined && names.includes(chosen) ? chosen : names[0];
  const net = network !== undefined ? ofNetwork(stream, network) : undefined;
  const graph = net && layoutGraph(net.members, net.links, net.paths);
  const n = network !== undefined ? stream.networks.get(network) : undefined;
  return (
    <>
      <h1>Overlay</h1>
      <section className="panel" aria-labelledby="graph-title">
        <div className="panel-head">
          <h2 id="graph-title">Graph</h2>
          {names.length > 1 && (
            <label>
              Network{' '}
              <select value={network} onChange={(e) => setChosen(e.target.value)}>
                {names.map((x) => (
                  <option key={x}>{x}</option>
                ))}
              </select>
            </label>
          )}
          <LiveIndicator stream={stream} />
        </div>
        {stream.synced && names.length === 0 && (
          <p className="empty">No overlay network yet (`paddock overlay networks create`).</p>
        )}
        {n && (
          <p className="muted">
            {n.name}: {n.subnet}, VNI {n.vni}, UDP {n.listenPort}, {net?.members.length ?? 0} members
          </p>
        )}
        {graph && network !== undefined && graph.nodes.length === 0 && <p className="empty">No member has joined.</p>}
        {graph && network !== undefined && graph.nodes.length > 0 && (
          <>
            <OverlayGraph graph={graph} network={network} />
            <GraphLegend />
          </>
        )}
      </section>
      {net && graph && graph.nodes.length > 0 && (
        <>
          <section className="panel" aria-labelledby="paths-title">
            <h2 id="paths-title">Paths</h2>
            <PathsTable edges={graph.edges} />
          </section>
          <section className="panel" aria-labelledby="members-title">
            <h2 id="members-title">Members</h2>
            <MembersTable members={net.members} nodes={graph.nodes} />
          </section>
        </>
      )}
    </>
  );
}
