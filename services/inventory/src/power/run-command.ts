import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Runs a command (never through a shell) and returns stdout; a failure carries its stderr. */
export async function runCommand(argv: string[], timeoutMs = 30_000): Promise<string> {
  const [file, ...args] = argv;
  try {
    const { stdout } = await exec(file!, args, { timeout: timeoutMs });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${argv.slice(0, 4).join(' ')}: ${(e.stderr || e.message).trim().split('\n').slice(-3).join(' ')}`);
  }
}
