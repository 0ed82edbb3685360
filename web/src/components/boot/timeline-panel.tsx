import { eventLabel, isFailure, machinesByActivity, type Timeline } from '../../boot/timeline.ts';

const time = (ms: bigint) => new Date(Number(ms)).toLocaleTimeString();
const size = (b: bigint) => (b === 0n ? '' : b > 1_048_576n ? `${(Number(b) / 1_048_576).toFixed(1)} MiB` : `${b} B`);

/** One list per machine: every step of its boot, as it happens. */
export function TimelinePanel({ timeline }: { timeline: Timeline }) {
  const machines = machinesByActivity(timeline);
  if (machines.length === 0) return <p className="muted">No machine has asked to boot yet.</p>;
  return (
    <div className="boot-timeline">
      {machines.map(([mac, events]) => (
        <article key={mac || 'unknown'} aria-label={`Boot of ${mac || 'unknown machine'}`} className="boot-machine">
          <h3>{mac || 'unknown machine'}</h3>
          <ol>
            {events.map((e) => (
              <li key={String(e.revision)} className={isFailure(e.kind) ? 'error' : undefined}>
                <time>{time(e.timeUnixMs)}</time> <strong>{eventLabel(e.kind)}</strong> {e.file}{' '}
                <span className="muted">
                  {[size(e.bytes), e.durationMs ? `${e.durationMs} ms` : '', e.rule ? `rule ${e.rule}` : '', e.detail]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </li>
            ))}
          </ol>
        </article>
      ))}
    </div>
  );
}
