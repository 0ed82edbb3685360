import { ClusterServiceDefinition } from '@paddock/proto/cluster/v1/cluster.ts';
import { applyClusterEvent, EMPTY, heldFor } from '../../cluster/cluster-state.ts';
import { serverStream } from '../../grpc/index.ts';
import { useWatch } from '../../hooks/use-watch.ts';
import { useCallOptions } from '../../session-context.ts';
import { LiveIndicator } from '../live-indicator.tsx';
import { TableHead } from '../table-head.tsx';

/**
 * The cluster page: the store's members with their health and the raft leader, the site's
 * servers and where they are reached, which server holds each singleton role, which compute host runs each QEMU machine; live (WatchCluster).
 */
export function ClusterPage() {
  const call = useCallOptions();
  const watch = useWatch(
    () => EMPTY,
    (fromRevision, signal) =>
      serverStream(ClusterServiceDefinition, 'watchCluster', { watch: { fromRevision } }, { ...call, signal }),
    applyClusterEvent,
    call,
  );
  const v = watch.state.view;
  const now = Date.now();
  const who = (id: string, here: boolean) => (here ? `${id} (this server)` : id);
  return (
    <>
      <h1>Cluster</h1>
      <section className="panel" aria-labelledby="members-title">
        <div className="panel-head">
          <h2 id="members-title">Store</h2>
          <LiveIndicator stream={watch} />
        </div>
        {v && (
          <p>
            <code>{v.store}</code> · site <code>{v.site}</code>
          </p>
        )}
        {v?.error && (
          <p role="alert" className="error">
            {v.error}
          </p>
        )}
        {v && v.members.length === 0 && <p className="empty">SQLite in the data dir: this server alone.</p>}
        {v && v.members.length > 0 && (
          <table className="grid-table" aria-label="Store members">
            <TableHead columns={['Member', 'Client URLs', 'Health', 'Leader']} />
            <tbody>
              {v.members.map((m) => (
                <tr key={m.id}>
                  <td>{m.name || m.id}</td>
                  <td>{m.clientUrls.join(', ')}</td>
                  <td title={m.error}>{m.healthy ? 'healthy' : 'unhealthy'}</td>
                  <td>{m.leader ? 'leader' : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-labelledby="servers-title">
        <h2 id="servers-title">Servers</h2>
        {v && v.servers.length === 0 && <p className="empty">No server registered (SQLite: this server alone).</p>}
        {v && v.servers.length > 0 && (
          <table className="grid-table" aria-label="Servers">
            <TableHead columns={['Server', 'Reached at', 'Version', 'For']} />
            <tbody>
              {v.servers.map((x) => (
                <tr key={x.id}>
                  <td>{who(x.id, x.here)}</td>
                  <td>{x.error ? `unreadable: ${x.error}` : x.grpcAddress}</td>
                  <td>{x.version}</td>
                  <td>{heldFor(x.sinceUnixMs, now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-labelledby="roles-title">
        <h2 id="roles-title">Roles</h2>
        {v && (
          <table className="grid-table" aria-label="Roles">
            <TableHead columns={['Role', 'Held by', 'For']} />
            <tbody>
              {v.roles.map((r) => (
                <tr key={r.name}>
                  <td>{r.name}</td>
                  <td>{r.error ? `unreadable: ${r.error}` : r.holder ? who(r.holder, r.here) : 'nobody'}</td>
                  <td>{heldFor(r.sinceUnixMs, now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-labelledby="claims-title">
        <h2 id="claims-title">Machines on compute hosts</h2>
        {v && v.claims.length === 0 && <p className="empty">No compute host runs a machine.</p>}
        {v && v.claims.length > 0 && (
          <table className="grid-table" aria-label="Machine claims">
            <TableHead columns={['Machine', 'Compute host', 'For']} />
            <tbody>
              {v.claims.map((c) => (
                <tr key={c.machine}>
                  <td>{c.name || c.machine}</td>
                  <td>{c.error ? `unreadable: ${c.error}` : who(c.host, c.here)}</td>
                  <td>{heldFor(c.sinceUnixMs, now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
