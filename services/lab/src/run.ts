import { spawn, spawnSync } from 'node:child_process';
import { constants } from 'node:os';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to the command's standard input, which is then closed. */
  input?: string | Uint8Array;
  /** SIGKILL the command after this long; its code is then 137. */
  timeoutMs?: number;
  /** Added to this process's environment. */
  env?: Record<string, string>;
  cwd?: string;
}

export class CommandError extends Error {
  readonly argv: readonly string[];
  readonly result: RunResult;

  constructor(argv: readonly string[], result: RunResult) {
    const detail = (result.stderr.trim() || result.stdout.trim()).slice(0, 2000);
    super(`${argv.join(' ')} exited with ${result.code}${detail ? `: ${detail}` : ''}`);
    this.name = 'CommandError';
    this.argv = argv;
    this.result = result;
  }
}

/** Shell convention: a process killed by signal N exits with 128 + N. */
export function exitCode(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
}

/** Runs argv (no shell, so nothing in it is interpreted) and collects its output. */
export function run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const [file, ...args] = argv;
  if (!file) return Promise.reject(new RangeError('empty command'));
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: opts.cwd,
      env: opts.env ? { ...process.env, ...opts.env } : process.env,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = opts.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: exitCode(code, signal), stdout, stderr });
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** Like run, but a non-zero exit throws a CommandError that carries stderr. */
export async function runOk(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const result = await run(argv, opts);
  if (result.code !== 0) throw new CommandError(argv, result);
  return result;
}

/** Synchronous run for process `exit` hooks, where no promise will ever settle. */
export function runSync(argv: readonly string[], timeoutMs = 5000): RunResult {
  const [file, ...args] = argv;
  const r = spawnSync(file ?? '', args, { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
  return { code: exitCode(r.status, r.signal), stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
}
