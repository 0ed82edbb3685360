import { BootServiceDefinition } from '@paddock/proto/boot/v1/boot.ts';
import { applyBootEvent, emptyTimeline } from '../../boot/timeline.ts';
import { serverStream } from '../../grpc/index.ts';
import { useWatch } from '../../hooks/use-watch.ts';
import { useCallOptions } from '../../session-context.ts';
import { LiveIndicator } from '../live-indicator.tsx';
import { FilesPanel } from './files-panel.tsx';
import { RulesPanel } from './rules-panel.tsx';
import { TimelinePanel } from './timeline-panel.tsx';

/** The boot page: each machine's boot live, the boot files (with upload), and the rules. */
export function BootPage() {
  const call = useCallOptions();
  const timeline = useWatch(
    emptyTimeline,
    (fromRevision, signal) =>
      serverStream(BootServiceDefinition, 'watchEvents', { watch: { fromRevision }, mac: '' }, { ...call, signal }),
    applyBootEvent,
    call,
  );
  return (
    <>
      <h1>Boot</h1>
      <section className="panel" aria-labelledby="boot-timeline-title">
        <h2 id="boot-timeline-title">
          Boot timeline{' '}
          <LiveIndicator stream={{ live: timeline.live, error: timeline.error, reconnects: timeline.reconnects }} />
        </h2>
        <TimelinePanel timeline={timeline.state} />
      </section>
      <FilesPanel />
      <RulesPanel />
    </>
  );
}
