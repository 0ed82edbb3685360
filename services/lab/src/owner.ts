import { readFileSync } from 'node:fs';
import type { Owner } from './names.ts';

/**
 * Field 22 of /proc/PID/stat (proc(5)): start time in clock ticks after boot.
 * The command name (field 2) is in parentheses and may hold spaces or `)`,
 * so counting starts after the last `)`.
 */
export function parseStatStartTime(stat: string): number | undefined {
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = stat
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // fields[0] is field 3 (state), so field 22 is fields[19].
  const value = Number(fields[19]);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

export function processStartTime(pid: number): number | undefined {
  try {
    return parseStatStartTime(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** False once the process is gone or a zombie (dead, waiting for a parent that may never reap it). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

let self: Owner | undefined;

/** This process as a lab owner. */
export function currentOwner(): Owner {
  self ??= { pid: process.pid, start: processStartTime(process.pid) ?? 0 };
  return self;
}

/** True while the owning process runs; a reused pid with another start time is a different process. */
export function isOwnerAlive(owner: Owner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = processStartTime(owner.pid);
  return start === owner.start;
}
