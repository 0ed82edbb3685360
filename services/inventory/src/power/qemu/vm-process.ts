import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The QEMU process of one machine, found by its pid file and checked by its command line
 * (which names the machine's own directory), so a pid reused by another process is never
 * mistaken for it, and never killed.
 */
export function runningPid(pidFile: string, dir: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.some((arg) => arg.includes(`${dir}/`)) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Waits up to `ms` for the machine's process to be gone; true when it is. */
export async function waitGone(pidFile: string, dir: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (runningPid(pidFile, dir) !== undefined) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** Sends a signal to the machine's own process (checked as above). */
export function signalVm(pidFile: string, dir: string, signal: NodeJS.Signals): void {
  const pid = runningPid(pidFile, dir);
  if (pid === undefined) return;
  try {
    process.kill(pid, signal);
  } catch {
    // exited meanwhile
  }
}
