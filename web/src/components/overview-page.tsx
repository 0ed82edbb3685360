import type { ServiceInfo } from '@paddock/proto/system/v1/system.ts';
import { InfoPanel } from './info-panel.tsx';
import { StatusPanel } from './status-panel.tsx';

export function OverviewPage({ info }: { info: ServiceInfo | undefined }) {
  return (
    <>
      <h1>Overview</h1>
      <div className="grid">
        {info ? <InfoPanel info={info} /> : <section className="panel muted">Loading server info…</section>}
        <StatusPanel />
      </div>
    </>
  );
}
