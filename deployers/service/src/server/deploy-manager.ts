import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  type CertAuthority,
  computePlan,
  type DeployEvent,
  errorText,
  formatPlan,
  openSshTransport,
  type Plan,
  type Power,
  readProgress,
  runDeployment,
  type SshAuthority,
  type StepSet,
  type Target,
  type Transport,
} from '@paddock/deployers';
import { failedPrecondition, invalidArgument, notFound, PaddockError, type RevisionLog } from '@paddock/runtime';
import { applyEvent, type DeploymentView, failBefore, interrupted, newDeployment } from '../model/deployment.ts';
import type { DeployOptions } from '../request/deploy-options.ts';
import type { SetBuilder } from '../request/step-sets.ts';
import { checkTargets } from '../request/targets.ts';
import type { DeploymentRecord } from '../store/deployment-record.ts';
import type { RecordWriter } from '../store/record-writer.ts';
import { logTail } from './log-tail.ts';
import { captureTails, restoreRuns, type StoredRun, toRecord } from './stored-runs.ts';

/** One change of the Watch stream: the deployment after it, and the engine event behind it. */
export interface DeployChange {
  deployment: DeploymentView;
  event?: DeployEvent;
}

export interface StartRequest {
  set: string;
  targets: Target[];
  options: DeployOptions;
}

/** A step set built and its hosts' SSH open, to be launched or discarded. */
export interface Prepared {
  req: StartRequest;
  set: StepSet & { decision?: string };
  transport: Transport;
  ac: AbortController;
}

export interface DeployManagerOptions {
  dataDir: string;
  revisions: RevisionLog<DeployChange>;
  /** The keys service: SSH trust and certificates, and the cluster CA. */
  authority: () => Promise<SshAuthority & CertAuthority>;
  sets: Readonly<Record<string, SetBuilder>>;
  /** How ssh runs (a lab runs it inside a namespace); default `ssh`. */
  sshCommand?: string[];
  /** The inventory's view of a host's power, for crowning. */
  power?: (name: string) => Promise<Power>;
  /** Finished deployments kept for listing (default 100). */
  keep?: number;
  /** Where deployments are stored, and the ones stored before this server started. */
  store?: { writer: RecordWriter; owner: string; records: DeploymentRecord[] };
  now?: () => number;
}

interface Run extends StoredRun {
  ac: AbortController;
  done: Promise<void>;
}

/**
 * Deployments run here, on the server: each owns its abort controller and SSH transport, so a
 * client that disconnects changes nothing; a cancel or the server stopping aborts it as Ctrl-C
 * aborts the CLI. Progress and logs go where the CLI's go (`<data-dir>/deploy/<set>/`).
 */
export class DeployManager {
  readonly #o: DeployManagerOptions;
  readonly #runs = new Map<string, Run>();
  /** The server is stopping: runs it interrupts end as interrupted, not cancelled. */
  #closing = false;

  constructor(o: DeployManagerOptions) {
    this.#o = o;
    const { runs, changed } = restoreRuns(o.store?.records ?? [], this.#now());
    for (const r of runs) this.#runs.set(r.view.id, { ...r, ac: new AbortController(), done: Promise.resolve() });
    for (const r of changed) this.#save(r);
  }

  list(): DeploymentView[] {
    return [...this.#runs.values()].map((r) => r.view);
  }

  get(id: string): DeploymentView {
    return this.#run(id).view;
  }

  /** Each host's log tail, from the deployment's log folder. */
  logTail(id: string, host: string, lines: number): string[] {
    const run = this.#run(id);
    if (run.tails) return lines > 0 ? (run.tails[host] ?? []).slice(-lines) : [];
    return logTail(join(run.logDir, `${host}.log`), lines);
  }

  async plan(req: StartRequest): Promise<Plan & { lines: string[]; decision: string }> {
    const { set, transport } = await this.#prepare(req, new AbortController().signal);
    try {
      const dir = this.#dir(set.name);
      const plan = await computePlan(set, transport, {
        saved: readProgress(join(dir, 'progress.json')),
        limit: req.options.limit,
      });
      return { ...plan, lines: formatPlan(plan), decision: set.decision ?? '' };
    } finally {
      await transport.close();
    }
  }

  async start(req: StartRequest): Promise<DeploymentView> {
    return this.launch(await this.prepare(req)).view;
  }

  /** Builds the set over SSH (a crowning pass decides here); nothing runs until launch(). */
  async prepare(req: StartRequest, signal?: AbortSignal): Promise<Prepared> {
    const ac = new AbortController();
    signal?.addEventListener('abort', () => ac.abort(), { once: true });
    const { set, transport } = await this.#prepare(req, ac.signal);
    return { req, set, transport, ac };
  }

  async discard(p: Prepared): Promise<void> {
    await p.transport.close();
  }

  /** Runs a prepared set as a deployment; `done` resolves when it has ended. */
  launch(p: Prepared): { view: DeploymentView; done: Promise<void> } {
    const { req, set, transport, ac } = p;
    if (this.#closing || ac.signal.aborted) {
      void transport.close();
      throw new PaddockError('unavailable', 'the server is stopping');
    }
    const busy = [...this.#runs.values()].find((r) => r.progressName === set.name && r.view.state === 'running');
    if (busy) {
      void transport.close();
      throw failedPrecondition(`deployment ${busy.view.id} of ${set.name} is still running; cancel it or wait`);
    }
    const id = `dep-${randomBytes(4).toString('hex')}`;
    const dir = this.#dir(set.name);
    const run: Run = {
      view: { ...newDeployment(id, req.set, req.targets, req.options, this.#now()), decision: set.decision ?? '' },
      progressName: set.name,
      logDir: join(dir, 'logs'),
      revision: 0n,
      ac,
      done: Promise.resolve(),
    };
    this.#runs.set(id, run);
    this.#changed(run);
    const onEvent = (event: DeployEvent) => {
      run.view = applyEvent(run.view, event, this.#now());
      if (event.kind === 'done' && event.interrupted && this.#closing) run.view = interrupted(run.view, this.#now());
      if (event.kind === 'done') run.tails = captureTails(run.logDir, run.view);
      this.#changed(run, event);
    };
    run.done = runDeployment(set, transport, {
      limit: req.options.limit,
      progressFile: join(dir, 'progress.json'),
      logDir: run.logDir,
      signal: ac.signal,
      onEvent,
    })
      .then(
        () => {},
        (err) => {
          run.view = failBefore(run.view, `the run stopped: ${errorText(err)}`, this.#now());
          run.tails = captureTails(run.logDir, run.view);
          this.#changed(run);
        },
      )
      .finally(() => transport.close().then(() => this.#prune()));
    return { view: run.view, done: run.done };
  }

  /** Aborts a running deployment and waits (up to 15 s) for it to stop. */
  async cancel(id: string): Promise<DeploymentView> {
    const run = this.#run(id);
    if (run.view.state !== 'running') return run.view;
    run.ac.abort();
    await Promise.race([run.done, new Promise((r) => setTimeout(r, 15_000))]);
    return run.view;
  }

  /** Stops every running deployment (the server is stopping); they end as cancelled. */
  async close(): Promise<void> {
    this.#closing = true;
    for (const r of this.#runs.values()) r.ac.abort();
    await Promise.all([...this.#runs.values()].map((r) => r.done));
    await this.#o.store?.writer.flush();
  }

  /** One change of a deployment: into the Watch stream, then (behind the run) into the store. */
  #changed(run: Run, event?: DeployEvent): void {
    run.revision = this.#o.revisions.append(
      event ? { deployment: run.view, event } : { deployment: run.view },
    ).revision;
    this.#save(run);
  }

  #save(run: StoredRun): void {
    const s = this.#o.store;
    s?.writer.save(toRecord(run, s.owner));
  }

  async #prepare(
    req: StartRequest,
    signal: AbortSignal,
  ): Promise<{ set: StepSet & { decision?: string }; transport: Transport }> {
    const build = this.#o.sets[req.set];
    if (!build)
      throw invalidArgument(`no step set ${JSON.stringify(req.set)}: one of ${Object.keys(this.#o.sets).join(', ')}`);
    if (req.targets.length === 0)
      throw invalidArgument('no hosts: give at least one target or a selector that matches');
    const targets = checkTargets(req.targets);
    const authority = await this.#o.authority();
    // The keys service certifies this deployment's SSH key: without it nothing can run.
    const transport = await openSshTransport(authority, targets, {
      signal,
      ...(this.#o.sshCommand ? { sshCommand: this.#o.sshCommand } : {}),
    }).catch((err: unknown) => {
      throw err instanceof PaddockError ? err : new PaddockError('unavailable', `SSH certificate: ${errorText(err)}`);
    });
    try {
      const set = await build(targets, req.options, {
        dataDir: this.#o.dataDir,
        transport,
        authority,
        ...(this.#o.power ? { power: this.#o.power } : {}),
      });
      return { set, transport };
    } catch (err) {
      await transport.close();
      throw err instanceof PaddockError ? err : failedPrecondition(`${req.set}: ${(err as Error).message}`);
    }
  }

  #dir(setName: string): string {
    return join(this.#o.dataDir, 'deploy', setName);
  }

  #run(id: string): Run {
    const run = this.#runs.get(id);
    if (!run) throw notFound(`no deployment ${JSON.stringify(id)}`);
    return run;
  }

  #now(): number {
    return this.#o.now?.() ?? Date.now();
  }

  // The oldest finished deployments go first; running ones always stay.
  #prune(): void {
    const finished = [...this.#runs.values()].filter((r) => r.view.state !== 'running');
    for (const r of finished.slice(0, Math.max(0, finished.length - (this.#o.keep ?? 100)))) {
      this.#runs.delete(r.view.id);
      this.#o.store?.writer.remove(r.view.id);
    }
  }
}
