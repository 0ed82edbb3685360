/**
 * One running build: the sandboxed child, its progress read from stdout, its stderr appended
 * to the job's log, and a kill that takes its whole process group (bubblewrap, node, apt).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { type ChildMessage, parseChildLine } from './child-protocol.ts';

export interface JobProcessEvents {
  onMessage(m: ChildMessage): void;
  onLog(chunk: Buffer): void;
}

export interface JobExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout lines that were not messages. */
  garbage: number;
}

export class JobProcess {
  readonly #pid: number | undefined;
  readonly exited: Promise<JobExit>;

  constructor(argv: string[], events: JobProcessEvents) {
    const [cmd, ...args] = argv as [string, ...string[]];
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.#pid = child.pid;
    let garbage = 0;
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = parseChildLine(line);
      if (m) events.onMessage(m);
      else garbage++;
    });
    child.stderr.on('data', (chunk: Buffer) => events.onLog(chunk));
    this.exited = new Promise((resolve) => {
      child.on('error', (err) => {
        events.onLog(Buffer.from(`error: cannot start the sandbox: ${err.message}\n`));
        resolve({ code: 127, signal: null, garbage });
      });
      child.on('close', (code, signal) => resolve({ code, signal, garbage }));
    });
  }

  /** Ends the child and everything it started. */
  kill(): void {
    if (this.#pid === undefined) return;
    try {
      process.kill(-this.#pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
