import { BuildServiceDefinition, type Job, type Recipe } from '@paddock/proto/build/v1/build.ts';
import { useEffect, useState } from 'react';
import { applyJobEvent, EMPTY, isActive, STATE_TEXT, sortedJobs } from '../../build/jobs-state.ts';
import { serverStream, unary } from '../../grpc/index.ts';
import { useWatch } from '../../hooks/use-watch.ts';
import { useCallOptions } from '../../session-context.ts';
import { ErrorAlert } from '../error-alert.tsx';
import { LiveIndicator } from '../live-indicator.tsx';
import { RowButton } from '../row-button.tsx';
import { JobLog } from './job-log.tsx';
import { RunForm } from './run-form.tsx';

const mib = (n: bigint) => `${(Number(n) / 2 ** 20).toFixed(1)} MiB`;
const took = (j: Job) =>
  j.startedAtUnixMs === 0n
    ? ''
    : `${Math.round(Number((j.finishedAtUnixMs || BigInt(Date.now())) - j.startedAtUnixMs) / 1000)} s`;

/** The build page: every job with its progress, live; run a recipe; a job's log; cancel. */
export function BuildPage() {
  const call = useCallOptions();
  const watch = useWatch(
    () => EMPTY,
    (fromRevision, signal) =>
      serverStream(BuildServiceDefinition, 'watchJobs', { watch: { fromRevision } }, { ...call, signal }),
    applyJobEvent,
    call,
  );
  const stream = { ...watch, ...watch.state };
  const [recipes, setRecipes] = useState<Recipe[]>([]);
  const [selected, setSelected] = useState('');
  const [error, setError] = useState<string>();
  useEffect(() => {
    unary(BuildServiceDefinition, 'listRecipes', {}, call)
      .then((r) => setRecipes(r.recipes))
      .catch((err: Error) => setError(err.message));
  }, [call]);
  const jobs = sortedJobs(stream);
  const cancel = (id: string) =>
    unary(BuildServiceDefinition, 'cancelJob', { id }, call).catch((err: Error) => setError(err.message));
  return (
    <>
      <h1>Builds</h1>
      <ErrorAlert error={error} />
      <div className="grid">
        <section className="panel" aria-labelledby="jobs-title">
          <div className="panel-head">
            <h2 id="jobs-title">Jobs</h2>
            <LiveIndicator stream={stream} />
          </div>
          {stream.synced && jobs.length === 0 && <p className="empty">No builds yet.</p>}
          {jobs.length > 0 && (
            <table aria-label="Build jobs">
              <thead>
                <tr>
                  <th>Recipe</th>
                  <th>State</th>
                  <th>Progress</th>
                  <th>Took</th>
                  <th>Result</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {jobs.map((j) => (
                  <tr
                    key={j.id}
                    className={j.id === selected ? 'selected' : undefined}
                    onClick={() => setSelected(j.id)}
                  >
                    <td>{j.recipe}</td>
                    <td>{STATE_TEXT[j.state] ?? 'unknown'}</td>
                    <td>
                      <progress
                        max={100}
                        value={j.percent}
                        aria-label={`Progress of ${j.recipe} ${j.id.slice(0, 8)}`}
                      />{' '}
                      {j.percent}% {j.step}
                    </td>
                    <td>{took(j)}</td>
                    <td>
                      {j.error ||
                        (j.artifacts.length > 0 &&
                          `${j.artifacts.map((a) => a.publishedAs || a.name).join(', ')} (${mib(j.bytes)}${j.cacheHit ? ', cache hit' : ''})`)}
                    </td>
                    <td>
                      {isActive(j) && (
                        <RowButton
                          text="Cancel"
                          label={`Cancel build ${j.id.slice(0, 8)}`}
                          onClick={() => void cancel(j.id)}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <RunForm recipes={recipes} onStarted={setSelected} onError={setError} />
        {selected && <JobLog id={selected} />}
      </div>
    </>
  );
}
