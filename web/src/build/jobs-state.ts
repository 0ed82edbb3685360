import { type Job, JobState, type WatchJobsResponse } from '@paddock/proto/build/v1/build.ts';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';

/** The console's copy of the build jobs, folded from WatchJobs messages (pure). */
export interface JobsState {
  jobs: ReadonlyMap<string, Job>;
  revision: bigint;
  synced: boolean;
}

export const EMPTY: JobsState = { jobs: new Map(), revision: 0n, synced: false };

export function applyJobEvent(s: JobsState, e: WatchJobsResponse): JobsState {
  const w = e.watch;
  switch (w?.kind) {
    case WatchEventKind.WATCH_EVENT_KIND_RESET:
      return { jobs: new Map(), revision: w.revision, synced: false };
    case WatchEventKind.WATCH_EVENT_KIND_SYNCED:
      return { ...s, revision: w.revision, synced: true };
    case WatchEventKind.WATCH_EVENT_KIND_SNAPSHOT:
    case WatchEventKind.WATCH_EVENT_KIND_CHANGE: {
      if (!e.job) return s;
      return { ...s, jobs: new Map(s.jobs).set(e.job.id, e.job), revision: w.revision };
    }
    default:
      return s;
  }
}

/** Newest first, as the list shows them. */
export const sortedJobs = (s: JobsState): Job[] =>
  [...s.jobs.values()].sort((a, b) => Number(b.createdAtUnixMs - a.createdAtUnixMs) || a.id.localeCompare(b.id));

export const STATE_TEXT: Record<number, string> = {
  [JobState.JOB_STATE_QUEUED]: 'queued',
  [JobState.JOB_STATE_RUNNING]: 'running',
  [JobState.JOB_STATE_SUCCEEDED]: 'succeeded',
  [JobState.JOB_STATE_FAILED]: 'failed',
  [JobState.JOB_STATE_CANCELLED]: 'cancelled',
  [JobState.JOB_STATE_TIMED_OUT]: 'timed out',
};

export const isActive = (j: Job) => j.state === JobState.JOB_STATE_QUEUED || j.state === JobState.JOB_STATE_RUNNING;
