import { execFile, spawn } from 'node:child_process';
import type { Shell } from './apply.ts';

/** The real shell: iproute2, wg and wireguard-go in this process's network namespace. */
export function systemShell(): Shell {
  const runArgv = (argv: string[], input?: string) =>
    new Promise<string>((resolve, reject) => {
      const child = execFile(argv[0]!, argv.slice(1), { timeout: 10_000 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`${argv.join(' ')}: ${String(stderr).trim() || err.message}`));
        else resolve(String(stdout));
      });
      if (input !== undefined) {
        // A command that fails early stops reading: its exit status says why, not the broken pipe.
        child.stdin?.on('error', () => {});
        child.stdin?.end(input);
      }
    });
  return {
    run: async (argv, input) => {
      await runArgv(argv, input);
    },
    exec: (argv) => runArgv(argv).catch(() => undefined),
    daemon: (argv) => {
      // Detached with no pipes: the data plane keeps running when the agent exits or restarts.
      const child = spawn(argv[0]!, argv.slice(1), { detached: true, stdio: 'ignore' });
      child.unref();
      if (child.pid === undefined) throw new Error(`${argv[0]} could not be started`);
      return child.pid;
    },
  };
}
