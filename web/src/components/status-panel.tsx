import { formatTime, formatUptime } from '../format.ts';
import { useStatusStream } from '../hooks/use-status-stream.ts';
import { LiveIndicator } from './live-indicator.tsx';
import { StatusBadge } from './status-badge.tsx';

/** Health and uptime from the WatchStatus stream, updated as each message arrives. */
export function StatusPanel() {
  const stream = useStatusStream();
  const s = stream.status;
  const components = Object.entries(s?.components ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section className="panel" aria-labelledby="health-title">
      <div className="panel-head">
        <h2 id="health-title">Health</h2>
        <LiveIndicator stream={stream} />
      </div>
      <div className="stats">
        <div>
          <div className="stat-label">Status</div>
          <StatusBadge status={s?.serving} label="Serving status" />
        </div>
        <div>
          <div className="stat-label">Uptime</div>
          <span className="stat-value" role="timer" aria-label="Uptime">
            {s ? formatUptime(s.uptimeMs) : '—'}
          </span>
        </div>
        <div>
          <div className="stat-label">Last update</div>
          <span className="stat-small">{s ? formatTime(s.nowUnixMs) : '—'}</span>
        </div>
      </div>
      {!stream.live && stream.error && <p className="warn">Stream interrupted: {stream.error}</p>}
      <table className="grid-table" aria-label="Components">
        <thead>
          <tr>
            <th scope="col">Component</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {components.map(([name, status]) => (
            <tr key={name}>
              <td>
                <code>{name}</code>
              </td>
              <td>
                <StatusBadge status={status} />
              </td>
            </tr>
          ))}
          {components.length === 0 && (
            <tr>
              <td colSpan={2} className="muted">
                No components reported yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
