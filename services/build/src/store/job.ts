/** A build job as the service keeps it (the wire form is in api/convert.ts). */
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'timed-out';

export const FINISHED: ReadonlySet<JobState> = new Set(['succeeded', 'failed', 'cancelled', 'timed-out']);

export interface JobArtifact {
  name: string;
  sha256: string;
  size: number;
  /** Where the file is in the artifact cache (not on the wire). */
  path: string;
  /** The boot file it was published as, or ''. */
  publishedAs: string;
}

export interface Job {
  id: string;
  recipe: string;
  params: Record<string, unknown>;
  state: JobState;
  step: string;
  percent: number;
  bytes: number;
  cacheHit: boolean;
  cacheKey: string;
  artifacts: JobArtifact[];
  error: string;
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  timeoutSeconds: number;
  publishPrefix: string;
  noCache: boolean;
  /** The revision of the job's last change (Watch). */
  revision: bigint;
}
