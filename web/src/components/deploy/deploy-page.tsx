import { DeploymentState, DeployServiceDefinition } from '@paddock/proto/deploy/v1/deploy.ts';
import { useState } from 'react';
import {
  applyDeploymentEvent,
  EMPTY,
  HOST_TEXT,
  hostLine,
  STATE_TEXT,
  sortedDeployments,
} from '../../deploy/deployments-state.ts';
import { serverStream, unary } from '../../grpc/index.ts';
import { useWatch } from '../../hooks/use-watch.ts';
import { useCallOptions } from '../../session-context.ts';
import { ErrorAlert } from '../error-alert.tsx';
import { LiveIndicator } from '../live-indicator.tsx';
import { RowButton } from '../row-button.tsx';
import { StartForm } from './start-form.tsx';

/** The deployments page: every deployment with a progress bar per host, live; start one or a plan; cancel. */
export function DeployPage() {
  const call = useCallOptions();
  const watch = useWatch(
    () => EMPTY,
    (fromRevision, signal) =>
      serverStream(DeployServiceDefinition, 'watchDeployments', { watch: { fromRevision } }, { ...call, signal }),
    applyDeploymentEvent,
    call,
  );
  const stream = { ...watch, ...watch.state };
  const [error, setError] = useState<string>();
  const deployments = sortedDeployments(stream);
  const cancel = (id: string) =>
    unary(DeployServiceDefinition, 'cancelDeployment', { id }, call).catch((err: Error) => setError(err.message));
  return (
    <>
      <h1>Deployments</h1>
      <ErrorAlert error={error} />
      <div className="grid">
        <section className="panel" aria-labelledby="deployments-title">
          <div className="panel-head">
            <h2 id="deployments-title">Deployments</h2>
            <LiveIndicator stream={stream} />
          </div>
          {stream.synced && deployments.length === 0 && <p className="empty">No deployments yet.</p>}
          {deployments.map((d) => (
            <article key={d.id} aria-label={`Deployment ${d.set} ${d.id}`} className="deployment">
              <h3>
                {d.set} · {STATE_TEXT[d.state] ?? 'unknown'}
                {d.changed > 0 && ` · ${d.changed} changed`}{' '}
                {d.state === DeploymentState.DEPLOYMENT_STATE_RUNNING && (
                  <RowButton text="Cancel" label={`Cancel deployment ${d.id}`} onClick={() => void cancel(d.id)} />
                )}
              </h3>
              {d.decision && <p className="decision">Decision: {d.decision}</p>}
              {d.error && <p className="error">{d.error}</p>}
              <table aria-label={`Hosts of ${d.id}`}>
                <tbody>
                  {d.hosts.map((h) => (
                    <tr key={h.name}>
                      <td>{h.name}</td>
                      <td>
                        <progress
                          max={Math.max(h.stepTotal, 1)}
                          value={h.stepsDone}
                          aria-label={`Progress of ${h.name} in ${d.id}`}
                        />{' '}
                        {h.stepsDone}/{h.stepTotal}
                      </td>
                      <td>{HOST_TEXT[h.state] ?? ''}</td>
                      <td>{hostLine(h)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </article>
          ))}
        </section>
        <StartForm onError={setError} />
      </div>
    </>
  );
}
