import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import type { RemoteResult, RunOptions } from '../engine/types.ts';

/** Runs the ssh client once (argv starts with it, or with a wrapper such as `ip netns exec NS ssh`); resolves with its exit (128+N on signal N); never rejects. */
export function runSsh(
  argv: readonly string[],
  opts: RunOptions & { signal?: AbortSignal } = {},
): Promise<RemoteResult> {
  return new Promise((resolve) => {
    const [file, ...args] = argv;
    const child = spawn(file ?? 'ssh', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
    });
    child.stdin.on('error', () => {});
    if (opts.inputFile) {
      const file = createReadStream(opts.inputFile);
      file.on('error', (err) => {
        stderr += `${opts.inputFile}: ${err.message}\n`;
        child.stdin.end();
      });
      file.pipe(child.stdin);
    } else child.stdin.end(opts.input ?? '');
    let killed = false;
    const kill = () => {
      killed = true;
      child.kill('SIGTERM');
    };
    const timer = opts.timeoutMs ? setTimeout(kill, opts.timeoutMs) : undefined;
    opts.signal?.addEventListener('abort', kill, { once: true });
    child.on('error', (err) => {
      stderr += `${err.message}\n`;
    });
    const done = (code: number | null, sig: NodeJS.Signals | null) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', kill);
      if (timer && sig === 'SIGTERM' && !opts.signal?.aborted) stderr += `timed out after ${opts.timeoutMs} ms\n`;
      resolve({ code: code ?? 128 + (sig ? osSignal(sig) : 0), stdout, stderr });
    };
    child.on('close', done);
    // A multiplexed client hands its pipes to the ControlMaster, which keeps them open until the
    // remote command ends: once we stopped the client, its exit is the end, not the pipes' close.
    child.on('exit', (code, sig) => {
      if (!killed) return;
      child.stdout.destroy();
      child.stderr.destroy();
      done(code, sig);
    });
  });
}

function osSignal(sig: NodeJS.Signals): number {
  return ({ SIGTERM: 15, SIGKILL: 9, SIGINT: 2 } as Record<string, number>)[sig] ?? 1;
}
