/**
 * The build queue: jobs wait in order and run `concurrency` at a time, each as a sandboxed
 * child with a time limit; progress and results are saved as they come and appended to the
 * revision log the Watch follows. A finished build's files are published into the boot files
 * only after the whole build succeeded, so nothing half-made is ever served.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { invalidArgument, notFound, PaddockError, type RevisionLog } from '@paddock/runtime';
import { RECIPES } from '../recipes/registry.ts';
import type { ChildMessage, ChildSpec } from '../runner/child-protocol.ts';
import { JobProcess } from '../runner/job-process.ts';
import { sandboxArgv } from '../runner/sandbox.ts';
import { FINISHED, type Job, type JobState } from '../store/job.ts';
import type { JobStore } from '../store/job-store.ts';

export interface BuildManagerOptions {
  store: JobStore;
  revisions: RevisionLog<Job>;
  /** The build child: node and its script; the spec is appended. */
  childCommand: string[];
  inputsDir: string;
  cacheDir: string;
  logsDir: string;
  /** Hidden from builds (the data dir). */
  hidden: string[];
  concurrency: number;
  defaultTimeoutSeconds: number;
  fileSizeLimit: number;
  user?: { uid: number; gid: number } | undefined;
  /** Stores a finished artifact as a boot file; absent when no boot service is at hand. */
  publish?: ((name: string, path: string, sha256: string) => Promise<string>) | undefined;
}

export interface RunRequest {
  recipe: string;
  params: Record<string, unknown>;
  timeoutSeconds?: number | undefined;
  publishPrefix?: string | undefined;
  noCache?: boolean | undefined;
}

/** A job's log stops growing here (a runaway build cannot fill the disk through it). */
export const LOG_LIMIT = 4 << 20;
const MAX_TIMEOUT = 6 * 3600;
const PREFIX = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

export class BuildManager {
  readonly #o: BuildManagerOptions;
  readonly #running = new Map<string, { proc: JobProcess; cancelled?: JobState }>();
  readonly #logBytes = new Map<string, number>();
  #closing = false;

  constructor(o: BuildManagerOptions) {
    this.#o = o;
    mkdirSync(o.logsDir, { recursive: true, mode: 0o700 });
    // A job that was running when the server stopped did not finish: say so. Queued ones wait on.
    for (const j of o.store.list())
      if (j.state === 'running')
        this.#save({
          ...j,
          state: 'failed',
          error: 'interrupted: the server stopped while it ran',
          finishedAt: Date.now(),
        });
  }

  list = () => this.#o.store.list();

  get(id: string): Job {
    const j = this.#o.store.get(id);
    if (!j) throw notFound(`no build job ${JSON.stringify(id)}`);
    return j;
  }

  logPath = (id: string) => join(this.#o.logsDir, `${this.get(id).id}.log`);

  submit(req: RunRequest): Job {
    const recipe = RECIPES.get(req.recipe);
    if (!recipe)
      throw invalidArgument(`unknown recipe ${JSON.stringify(req.recipe)} (known: ${[...RECIPES.keys()].join(', ')})`);
    try {
      recipe.check(req.params);
    } catch (err) {
      throw invalidArgument((err as Error).message);
    }
    const timeout = req.timeoutSeconds || this.#o.defaultTimeoutSeconds;
    if (timeout > MAX_TIMEOUT) throw invalidArgument(`timeout is over ${MAX_TIMEOUT} s`);
    const prefix = req.publishPrefix ?? '';
    if (prefix && (!PREFIX.test(prefix) || prefix.split('/').includes('..')))
      throw invalidArgument(`publish prefix ${JSON.stringify(prefix)} is not a folder name like images/node`);
    if (prefix && !this.#o.publish)
      throw new PaddockError('failedPrecondition', 'no boot service here to publish into');
    const job = this.#save({
      id: randomUUID(),
      recipe: recipe.name,
      params: req.params,
      state: 'queued',
      step: '',
      percent: 0,
      bytes: 0,
      cacheHit: false,
      cacheKey: '',
      artifacts: [],
      error: '',
      createdAt: Date.now(),
      startedAt: 0,
      finishedAt: 0,
      timeoutSeconds: timeout,
      publishPrefix: prefix,
      noCache: req.noCache ?? false,
      revision: 0n,
    });
    this.pump();
    return job;
  }

  cancel(id: string): Job {
    const j = this.get(id);
    if (FINISHED.has(j.state)) throw new PaddockError('failedPrecondition', `job ${id} already ${j.state}`);
    const run = this.#running.get(id);
    if (run) {
      run.cancelled = 'cancelled';
      run.proc.kill();
      return j;
    }
    return this.#save({ ...j, state: 'cancelled', error: 'cancelled before it started', finishedAt: Date.now() });
  }

  /** Starts queued jobs while there is room. */
  pump(): void {
    if (this.#closing) return;
    for (const j of this.#o.store.list()) {
      if (this.#running.size >= this.#o.concurrency) return;
      if (j.state === 'queued' && !this.#running.has(j.id)) this.#start(j);
    }
  }

  /** Ends every running build (server shutdown); they are marked interrupted at the next start. */
  async close(): Promise<void> {
    this.#closing = true;
    const runs = [...this.#running.values()];
    for (const { proc } of runs) proc.kill();
    await Promise.all(runs.map((r) => r.proc.exited));
  }

  #start(queued: Job): void {
    let job = this.#save({ ...queued, state: 'running', startedAt: Date.now(), step: 'starting' });
    const spec: ChildSpec = {
      recipe: job.recipe,
      params: job.params,
      inputsDir: this.#o.inputsDir,
      cacheDir: this.#o.cacheDir,
      noCache: job.noCache,
    };
    let outcome: Extract<ChildMessage, { result: unknown } | { error: string }> | undefined;
    const proc = new JobProcess(
      sandboxArgv({
        command: [...this.#o.childCommand, JSON.stringify(spec)],
        writable: [this.#o.inputsDir, this.#o.cacheDir],
        hidden: this.#o.hidden,
        fileSizeLimit: this.#o.fileSizeLimit,
        user: this.#o.user,
      }),
      {
        onMessage: (m) => {
          if ('progress' in m) job = this.#save({ ...job, ...m.progress, bytes: m.progress.bytes ?? job.bytes });
          else outcome = m;
        },
        onLog: (chunk) => this.#appendLog(job.id, chunk),
      },
    );
    const run: { proc: JobProcess; cancelled?: JobState } = { proc };
    this.#running.set(job.id, run);
    const timer = setTimeout(() => {
      run.cancelled = 'timed-out';
      proc.kill();
    }, job.timeoutSeconds * 1000);
    void proc.exited.then(async (exit) => {
      clearTimeout(timer);
      // At shutdown the store is closing: the job stays `running` and the next start says so.
      if (this.#closing) return;
      const end = { finishedAt: Date.now() };
      if (run.cancelled === 'cancelled') job = { ...job, ...end, state: 'cancelled', error: 'cancelled while running' };
      else if (run.cancelled === 'timed-out')
        job = { ...job, ...end, state: 'timed-out', error: `stopped after its time limit of ${job.timeoutSeconds} s` };
      else if (outcome && 'result' in outcome && exit.code === 0) job = await this.#finish(job, outcome.result);
      else {
        const why = outcome && 'error' in outcome ? outcome.error : `the build exited with ${exit.signal ?? exit.code}`;
        job = { ...job, ...end, state: 'failed', error: why };
      }
      this.#appendLog(job.id, Buffer.from(`${job.state}${job.error ? `: ${job.error}` : ''}\n`), true);
      this.#running.delete(job.id);
      this.#save(job);
      this.pump();
    });
  }

  async #finish(
    job: Job,
    result: { key: string; hit: boolean; files: { name: string; sha256: string; size: number; path: string }[] },
  ): Promise<Job> {
    const artifacts = [];
    try {
      for (const f of result.files) {
        const publishedAs = job.publishPrefix
          ? await this.#o.publish!(`${job.publishPrefix}/${f.name}`, f.path, f.sha256)
          : '';
        artifacts.push({ ...f, publishedAs });
      }
    } catch (err) {
      return { ...job, state: 'failed', error: `publishing: ${(err as Error).message}`, finishedAt: Date.now() };
    }
    const bytes = artifacts.reduce((n, a) => n + a.size, 0);
    return {
      ...job,
      state: 'succeeded',
      step: 'done',
      percent: 100,
      bytes,
      cacheHit: result.hit,
      cacheKey: result.key,
      artifacts,
      finishedAt: Date.now(),
    };
  }

  #appendLog(id: string, chunk: Buffer, always = false): void {
    const had = this.#logBytes.get(id) ?? 0;
    if (had >= LOG_LIMIT && !always) return;
    const room = LOG_LIMIT - had;
    const text =
      chunk.length > room && !always
        ? Buffer.concat([chunk.subarray(0, room), Buffer.from('\n[log truncated]\n')])
        : chunk;
    this.#logBytes.set(id, had + text.length);
    appendFileSync(join(this.#o.logsDir, `${id}.log`), text, { mode: 0o600 });
  }

  #save(j: Job): Job {
    const saved = { ...j, revision: this.#o.revisions.head() + 1n };
    this.#o.store.save(saved);
    this.#o.revisions.append(saved, saved.revision);
    return saved;
  }
}
