/**
 * The deployment model: a step set is a list of stages; a stage runs the same list of steps on
 * each of its hosts (in parallel, up to a limit); each step first checks the host's state and
 * applies only when the check says something would change. Stages are barriers: a stage starts
 * only when the previous one succeeded on every host, so a later stage (start the etcd cluster)
 * may rely on an earlier one (its files are on every member).
 */

/** An SSH host a deployment reaches. */
export interface Target {
  /** Short unique name, used in logs, progress and the progress file. */
  name: string;
  /** Address ssh connects to; the host certificate must name it as a principal. */
  address: string;
  port?: number;
  /** Login name; the user certificate is issued for it. Default root. */
  user?: string;
}

export interface RemoteResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to the command's standard input (file contents travel this way, never in argv). */
  input?: string;
  /** A local file streamed to standard input instead (a k3s binary, an images tarball). */
  inputFile?: string;
  /** The output is a secret (a kubeconfig, a token): the host log records its size, not its text. */
  secret?: boolean;
  timeoutMs?: number;
}

/** A shell on one host. A non-zero exit is a result; a lost or refused connection throws. */
export interface Remote {
  run(command: string, opts?: RunOptions): Promise<RemoteResult>;
}

/** What a step's check found: nothing to do, or what would change and why. */
export type Check = { kind: 'ok'; detail?: string } | { kind: 'change'; reason: string };

export interface StepContext {
  target: Target;
  remote: Remote;
  /** Appends a line to this host's log file. */
  log(line: string): void;
  /** Aborted on Ctrl-C; a long apply should stop waiting. */
  signal: AbortSignal;
}

export interface Step {
  /** Stable within a host's list: the progress file resumes by it. */
  id: string;
  /** What a person reads in the plan and the progress line. */
  title: string;
  /** Reads state only; never changes the host. */
  check(ctx: StepContext): Promise<Check>;
  /** Makes the check pass; the engine checks again afterwards and fails the step if it does not. */
  apply(ctx: StepContext): Promise<void>;
}

export interface Stage {
  name: string;
  hosts: Target[];
  steps(target: Target): Step[];
  /** At most this many hosts at once in this stage (1: one by one, e.g. etcd member add). */
  limit?: number;
  /**
   * Reads what a later stage needs from this host (a public key), after its steps succeeded — on
   * every run, also when resuming skipped them. Only reads; a throw fails the host.
   */
  collect?(ctx: StepContext): Promise<void>;
}

export interface StepSet {
  /** e.g. `overlay`, `etcd`; names the progress file and log folder. */
  name: string;
  stages: Stage[];
}
