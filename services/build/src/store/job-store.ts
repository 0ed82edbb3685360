/**
 * Jobs in build.db. Every save gives the job the next revision, so the Watch can resume a
 * client after a restart from the store: the jobs changed after its revision, each in its
 * latest state.
 */
import type { Db } from '@paddock/runtime';
import type { Job, JobArtifact, JobState } from './job.ts';

interface Row {
  id: string;
  recipe: string;
  params: string;
  state: JobState;
  step: string;
  percent: number;
  bytes: number;
  cache_hit: number;
  cache_key: string;
  artifacts: string;
  error: string;
  created_at: number;
  started_at: number;
  finished_at: number;
  timeout_seconds: number;
  publish_prefix: string;
  no_cache: number;
  revision: number;
}

const toJob = (r: Row): Job => ({
  id: r.id,
  recipe: r.recipe,
  params: JSON.parse(r.params) as Record<string, unknown>,
  state: r.state,
  step: r.step,
  percent: r.percent,
  bytes: r.bytes,
  cacheHit: r.cache_hit === 1,
  cacheKey: r.cache_key,
  artifacts: JSON.parse(r.artifacts) as JobArtifact[],
  error: r.error,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  timeoutSeconds: r.timeout_seconds,
  publishPrefix: r.publish_prefix,
  noCache: r.no_cache === 1,
  revision: BigInt(r.revision),
});

export class JobStore {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  head(): bigint {
    const r = this.#db.prepare('SELECT MAX(revision) AS head FROM jobs').get() as { head: number | null };
    return BigInt(r.head ?? 0);
  }

  list(): Job[] {
    return (this.#db.prepare('SELECT * FROM jobs ORDER BY created_at, id').all() as Row[]).map(toJob);
  }

  get(id: string): Job | undefined {
    const r = this.#db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as Row | undefined;
    return r && toJob(r);
  }

  /** Jobs changed after `revision`, oldest change first. */
  changedSince(revision: bigint): Job[] {
    return (this.#db.prepare('SELECT * FROM jobs WHERE revision > ? ORDER BY revision').all(revision) as Row[]).map(
      toJob,
    );
  }

  /** Stores the job as it is now, at `revision`. */
  save(j: Job): void {
    this.#db
      .prepare(
        `INSERT INTO jobs (id, recipe, params, state, step, percent, bytes, cache_hit, cache_key, artifacts, error,
           created_at, started_at, finished_at, timeout_seconds, publish_prefix, no_cache, revision)
         VALUES (@id, @recipe, @params, @state, @step, @percent, @bytes, @cacheHit, @cacheKey, @artifacts, @error,
           @createdAt, @startedAt, @finishedAt, @timeoutSeconds, @publishPrefix, @noCache, @revision)
         ON CONFLICT (id) DO UPDATE SET state = excluded.state, step = excluded.step, percent = excluded.percent,
           bytes = excluded.bytes, cache_hit = excluded.cache_hit, cache_key = excluded.cache_key,
           artifacts = excluded.artifacts, error = excluded.error, started_at = excluded.started_at,
           finished_at = excluded.finished_at, revision = excluded.revision`,
      )
      .run({
        ...j,
        params: JSON.stringify(j.params),
        cacheHit: j.cacheHit ? 1 : 0,
        artifacts: JSON.stringify(j.artifacts),
        noCache: j.noCache ? 1 : 0,
        revision: j.revision,
      });
  }
}
