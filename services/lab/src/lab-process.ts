import { type ChildProcess, spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import { exitCode } from './run.ts';

export interface SpawnOptions {
  /** Added to this process's environment. */
  env?: Record<string, string>;
  cwd?: string;
}

/** Keep the tail of chatty processes (benchmarks) without growing without bound. */
const MAX_OUTPUT = 4 << 20;

/** A long-lived process a lab started; the lab's registry kills it on destroy. */
export class LabProcess {
  readonly argv: readonly string[];
  /** -1 when the program could not be started at all. */
  readonly pid: number;
  /** Resolves with the exit code (128 + N when killed by signal N); never rejects. */
  readonly exited: Promise<number>;
  readonly stdin: Writable | null;
  #child: ChildProcess;
  #out = '';
  #code: number | undefined;
  #listeners = new Set<() => void>();

  constructor(argv: readonly string[], opts: SpawnOptions = {}) {
    const [file, ...args] = argv;
    this.argv = argv;
    this.#child = spawn(file ?? '', args, {
      cwd: opts.cwd,
      env: opts.env ? { ...process.env, ...opts.env } : process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.pid = this.#child.pid ?? -1;
    this.stdin = this.#child.stdin;
    // A process that exits before reading stdin must not crash the test with EPIPE.
    this.stdin?.on('error', () => {});
    for (const stream of [this.#child.stdout, this.#child.stderr]) {
      stream?.setEncoding('utf8').on('data', (s: string) => this.#append(s));
    }
    this.exited = new Promise((resolve) => {
      this.#child.on('error', (err) => {
        this.#append(`${err.message}\n`);
        this.#finish(127, resolve);
      });
      this.#child.on('close', (code, signal) => this.#finish(exitCode(code, signal), resolve));
    });
  }

  /** Standard output and standard error so far, interleaved as they arrived. */
  output(): string {
    return this.#out;
  }

  /** The exit code once exited, else undefined. */
  get exitCode(): number | undefined {
    return this.#code;
  }

  /** Resolves with the first match in the output; rejects on timeout or if the process exits first. */
  waitForOutput(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        pattern.lastIndex = 0;
        const m = pattern.exec(this.#out);
        if (m) done(() => resolve(m));
        else if (this.#code !== undefined) done(() => reject(this.#error(`exited with ${this.#code} before`, pattern)));
        return m !== null;
      };
      const timer = setTimeout(
        () => done(() => reject(this.#error(`timed out after ${timeoutMs} ms`, pattern))),
        timeoutMs,
      );
      const done = (settle: () => void): void => {
        clearTimeout(timer);
        this.#listeners.delete(check);
        settle();
      };
      this.#listeners.add(check);
      check();
    });
  }

  /** Sends signal, then SIGKILL after graceMs; resolves with the exit code. */
  async kill(signal: NodeJS.Signals = 'SIGTERM', graceMs = 2000): Promise<number> {
    if (this.#code !== undefined) return this.#code;
    this.#signal(signal);
    const timer = setTimeout(() => this.#signal('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  /** For exit hooks: SIGKILL now, wait for nothing. */
  killSync(): void {
    if (this.#code === undefined) this.#signal('SIGKILL');
  }

  #signal(signal: NodeJS.Signals): void {
    try {
      this.#child.kill(signal);
    } catch {
      // Already gone: nothing to kill.
    }
  }

  #append(s: string): void {
    this.#out += s;
    if (this.#out.length > MAX_OUTPUT) this.#out = this.#out.slice(-MAX_OUTPUT / 2);
    for (const listener of [...this.#listeners]) listener();
  }

  #finish(code: number, resolve: (code: number) => void): void {
    if (this.#code !== undefined) return;
    this.#code = code;
    resolve(code);
    for (const listener of [...this.#listeners]) listener();
  }

  #error(what: string, pattern: RegExp): Error {
    const tail = this.#out.slice(-2000);
    return new Error(`${this.argv.join(' ')}: ${what} output matched ${pattern}; output:\n${tail}`);
  }
}
