import type { RevisionLog, WatchSource } from '@paddock/runtime';
import type { Job } from '../store/job.ts';
import type { JobStore } from '../store/job-store.ts';

export type JobSource = WatchSource<Job, Job>;

/** The jobs for watch(): every job now, and, past what memory keeps, the store's changed jobs. */
export function jobSource(revisions: RevisionLog<Job>, store: JobStore): JobSource {
  return revisions.source(
    () => store.list(),
    (revision) => store.changedSince(revision).map((j) => ({ revision: j.revision, change: j })),
  );
}
