import { type Job as JobProto, JobState as JobStateProto } from '@paddock/proto/build/v1/build.ts';
import type { Recipe } from '../recipes/registry.ts';
import type { Job, JobArtifact, JobState } from '../store/job.ts';

const STATES: Record<JobState, JobStateProto> = {
  queued: JobStateProto.JOB_STATE_QUEUED,
  running: JobStateProto.JOB_STATE_RUNNING,
  succeeded: JobStateProto.JOB_STATE_SUCCEEDED,
  failed: JobStateProto.JOB_STATE_FAILED,
  cancelled: JobStateProto.JOB_STATE_CANCELLED,
  'timed-out': JobStateProto.JOB_STATE_TIMED_OUT,
};

export const STATE_NAMES = new Map(Object.entries(STATES).map(([k, v]) => [v, k as JobState]));

export const artifactToProto = (jobId: string, a: JobArtifact) => ({
  jobId,
  name: a.name,
  sha256: a.sha256,
  size: BigInt(a.size),
  publishedAs: a.publishedAs,
});

export function jobToProto(j: Job): JobProto {
  return {
    id: j.id,
    recipe: j.recipe,
    paramsJson: JSON.stringify(j.params),
    state: STATES[j.state],
    step: j.step,
    percent: j.percent,
    bytes: BigInt(j.bytes),
    cacheHit: j.cacheHit,
    artifacts: j.artifacts.map((a) => artifactToProto(j.id, a)),
    error: j.error,
    createdAtUnixMs: BigInt(j.createdAt),
    startedAtUnixMs: BigInt(j.startedAt),
    finishedAtUnixMs: BigInt(j.finishedAt),
    timeoutSeconds: j.timeoutSeconds,
    publishPrefix: j.publishPrefix,
    cacheKey: j.cacheKey,
  };
}

export const recipeToProto = (r: Recipe) => ({
  name: r.name,
  description: r.description,
  outputs: r.outputs,
  params: r.params.map((p) => ({
    name: p.name,
    description: p.description,
    defaultJson: JSON.stringify(p.default ?? null),
  })),
});
