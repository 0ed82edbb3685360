import { InventoryServiceDefinition } from '@paddock/proto/inventory/v1/inventory.ts';
import { useEffect, useState } from 'react';
import { serverStream } from '../../grpc/index.ts';
import { useWatch } from '../../hooks/use-watch.ts';
import { applyNodeEvent, EMPTY, sortedNodes } from '../../inventory/nodes-state.ts';
import { useCallOptions } from '../../session-context.ts';
import { LiveIndicator } from '../live-indicator.tsx';
import { NodeDetails } from './node-details.tsx';
import { NodeTable } from './node-table.tsx';

/** The inventory page: every node, live, and the chosen node's details (kept in ?node=). */
export function InventoryPage() {
  const call = useCallOptions();
  const watch = useWatch(
    () => EMPTY,
    (fromRevision, signal) =>
      serverStream(InventoryServiceDefinition, 'watchNodes', { watch: { fromRevision } }, { ...call, signal }),
    applyNodeEvent,
    call,
  );
  const stream = { ...watch, ...watch.state };
  const [selected, setSelected] = useState(() => new URLSearchParams(window.location.search).get('node') ?? '');
  useEffect(() => {
    const url = new URL(window.location.href);
    if (selected) url.searchParams.set('node', selected);
    else url.searchParams.delete('node');
    window.history.replaceState(null, '', url);
  }, [selected]);
  const nodes = sortedNodes(stream);
  const node = nodes.find((n) => n.name === selected || n.id === selected);
  return (
    <>
      <h1>Inventory</h1>
      <div className="grid">
        <section className="panel" aria-labelledby="nodes-title">
          <div className="panel-head">
            <h2 id="nodes-title">Nodes</h2>
            <LiveIndicator stream={stream} />
          </div>
          {!stream.live && stream.error && <p className="warn">Stream interrupted: {stream.error}</p>}
          {stream.synced && nodes.length === 0 && (
            <p className="empty">
              No nodes yet. Create one with <code>paddock nodes create</code>, or let the scanner find some.
            </p>
          )}
          {nodes.length > 0 && <NodeTable nodes={nodes} selected={node?.id} onSelect={(n) => setSelected(n.name)} />}
        </section>
        {node ? (
          <NodeDetails node={node} onClose={() => setSelected('')} />
        ) : (
          selected && stream.synced && <section className="panel muted">No node {selected}.</section>
        )}
      </div>
    </>
  );
}
