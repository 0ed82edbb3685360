import { readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isRunning } from './owner.ts';
import { run, runOk, runSync } from './run.ts';

// Thin wrappers over iproute2's named namespaces (ip-netns(8)): a named
// namespace is a bind mount under /run/netns, which is all `ip netns list` reads.

const NETNS_DIR = '/run/netns';

export function listNetns(): string[] {
  try {
    return readdirSync(NETNS_DIR).sort();
  } catch {
    return [];
  }
}

export async function addNetns(name: string): Promise<void> {
  await runOk(['ip', 'netns', 'add', name]);
}

function parsePids(text: string): number[] {
  return text
    .split(/\s+/)
    .filter((s) => /^\d+$/.test(s))
    .map(Number);
}

/** Processes whose network namespace is `name`, whoever started them. */
export async function netnsPids(name: string): Promise<number[]> {
  return parsePids((await run(['ip', 'netns', 'pids', name])).stdout);
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Exited in the meantime.
  }
}

/**
 * Kills what runs inside, then removes the name. A process left inside would
 * keep the namespace and its interfaces alive after the name is gone.
 * Errors are ignored: a concurrent sweep may have deleted it first.
 */
export async function deleteNetns(name: string): Promise<void> {
  const pids = await netnsPids(name);
  for (const pid of pids) killQuietly(pid);
  for (let i = 0; i < 50 && pids.some(isRunning); i++) await sleep(20);
  await run(['ip', 'netns', 'del', name]);
}

/** For exit hooks: the same as deleteNetns without waiting for the kills to land. */
export function deleteNetnsSync(name: string): void {
  for (const pid of parsePids(runSync(['ip', 'netns', 'pids', name]).stdout)) killQuietly(pid);
  runSync(['ip', 'netns', 'del', name]);
}
