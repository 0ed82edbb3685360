import { type Job, JobState } from '@paddock/proto/build/v1/build.ts';
import { ResetReason, WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { describe, expect, it } from 'vitest';
import { applyJobEvent, EMPTY, sortedJobs } from './jobs-state.ts';

const job = (id: string, created: number, state: JobState = JobState.JOB_STATE_QUEUED) =>
  ({ id, createdAtUnixMs: BigInt(created), state }) as Job;
const ev = (kind: WatchEventKind, revision: number, j?: Job) => ({
  watch: { kind, revision: BigInt(revision), resetReason: ResetReason.RESET_REASON_UNSPECIFIED },
  job: j,
});

describe('build jobs state', () => {
  it('takes a snapshot, then changes replace a job in place; a RESET forgets everything', () => {
    let s = applyJobEvent(EMPTY, ev(WatchEventKind.WATCH_EVENT_KIND_RESET, 3));
    s = applyJobEvent(s, ev(WatchEventKind.WATCH_EVENT_KIND_SNAPSHOT, 3, job('a', 1)));
    s = applyJobEvent(s, ev(WatchEventKind.WATCH_EVENT_KIND_SNAPSHOT, 3, job('b', 2)));
    s = applyJobEvent(s, ev(WatchEventKind.WATCH_EVENT_KIND_SYNCED, 3));
    expect(s.synced).toBe(true);
    s = applyJobEvent(s, ev(WatchEventKind.WATCH_EVENT_KIND_CHANGE, 4, job('a', 1, JobState.JOB_STATE_RUNNING)));
    expect(sortedJobs(s).map((j) => [j.id, j.state])).toEqual([
      ['b', JobState.JOB_STATE_QUEUED],
      ['a', JobState.JOB_STATE_RUNNING],
    ]);
    expect(s.revision).toBe(4n);
    s = applyJobEvent(s, ev(WatchEventKind.WATCH_EVENT_KIND_RESET, 9));
    expect(s.jobs.size).toBe(0);
    expect(s.synced).toBe(false);
  });
});
