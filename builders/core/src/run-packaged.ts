/**
 * Runs a program from unpacked packages through their own dynamic loader and libraries, so a
 * recipe's tools (grub-mkimage, xorriso...) need not be installed and the host's libraries
 * play no part. No root needed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DebInput } from './deb-inputs.ts';

export class ToolError extends Error {}

export function runPackaged(
  inputs: readonly DebInput[],
  pkg: string,
  program: string,
  args: readonly string[],
  env: Record<string, string> = {},
  /** What the program reads on stdin (sfdisk's script, say). */
  input?: string,
): string {
  const root = (name: string) => {
    const found = inputs.find((i) => i.name === name);
    if (!found) throw new ToolError(`${name} is not among the inputs`);
    return found.root;
  };
  const libs = inputs
    .flatMap((i) => ['lib/x86_64-linux-gnu', 'usr/lib/x86_64-linux-gnu'].map((d) => join(i.root, d)))
    .filter(existsSync)
    .join(':');
  const loader = join(root('libc6'), 'lib/x86_64-linux-gnu/ld-linux-x86-64.so.2');
  try {
    return execFileSync(loader, ['--library-path', libs, join(root(pkg), program), ...args], {
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      ...(input !== undefined && { input }),
      env: { PATH: '/usr/bin:/bin', ...env },
      maxBuffer: 16 << 20,
    }).toString();
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    throw new ToolError(`${program.split('/').pop()}: ${stderr || (err as Error).message}`);
  }
}
