import type { LifecycleEntry } from '@paddock/proto/inventory/v1/inventory.ts';
import { formatTime } from '../../format.ts';
import { stateLabel } from '../../inventory/node-format.ts';

/** The node's life, oldest first: each state with when, why and who said so. */
export function LifecycleTimeline({ history }: { history: LifecycleEntry[] }) {
  return (
    <ol className="timeline" aria-label="Lifecycle history">
      {history.map((h) => (
        // A state is entered at most once per millisecond: time and state identify an entry.
        <li key={`${h.atUnixMs}-${h.state}`}>
          <span className={`state state-${stateLabel(h.state)}`}>{stateLabel(h.state)}</span>{' '}
          <time dateTime={new Date(Number(h.atUnixMs)).toISOString()}>{formatTime(h.atUnixMs)}</time>
          <span className="muted">
            {' '}
            · {h.source}: {h.reason}
          </span>
        </li>
      ))}
    </ol>
  );
}
