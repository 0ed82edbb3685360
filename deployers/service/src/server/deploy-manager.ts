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
import { applyEvent, type DeploymentView, failBefore, newDeployment } from '../model/deployment.ts';
import type { DeployOptions } from '../request/deploy-options.ts';
import type { SetBuilder } from '../request/step-sets.ts';
import { checkTargets } from '../request/targets.ts';
import { logTail } from './log-tail.ts';

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
  now?: () => number;
}

interface Run {
  view: DeploymentView;
  /** The step set's name: one run at a time per progress file. */
  progressName: string;
  logDir: string;
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

  constructor(o: DeployManagerOptions) {
    this.#o = o;
  }

  list(): DeploymentView[] {
    return [...this.#runs.values()].map((r) => r.view);
  }

  get(id: string): DeploymentView {
    return this.#run(id).view;
  }

  /** Each host's log tail, from the deployment's log folder. */
  logTail(id: string, host: string, lines: number): string[] {
    return logTail(join(this.#run(id).logDir, `${host}.log`), lines);
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
    const ac = new AbortController();
    const { set, transport } = await this.#prepare(req, ac.signal);
    const busy = [...this.#runs.values()].find((r) => r.progressName === set.name && r.view.state === 'running');
    if (busy) {
      await transport.close();
      throw failedPrecondition(`deployment ${busy.view.id} of ${set.name} is still running; cancel it or wait`);
    }
    const id = `dep-${randomBytes(4).toString('hex')}`;
    const dir = this.#dir(set.name);
    const run: Run = {
      view: { ...newDeployment(id, req.set, req.targets, req.options, this.#now()), decision: set.decision ?? '' },
      progressName: set.name,
      logDir: join(dir, 'logs'),
      ac,
      done: Promise.resolve(),
    };
    this.#runs.set(id, run);
    this.#o.revisions.append({ deployment: run.view });
    const onEvent = (event: DeployEvent) => {
      run.view = applyEvent(run.view, event, this.#now());
      this.#o.revisions.append({ deployment: run.view, event });
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
          this.#o.revisions.append({ deployment: run.view });
        },
      )
      .finally(() => transport.close().then(() => this.#prune()));
    return run.view;
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
    for (const r of this.#runs.values()) r.ac.abort();
    await Promise.all([...this.#runs.values()].map((r) => r.done));
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
    for (const r of finished.slice(0, Math.max(0, finished.length - (this.#o.keep ?? 100))))
      this.#runs.delete(r.view.id);
  }
}
