import { parseOwnedNetns } from './names.ts';
import { deleteNetns, listNetns } from './netns.ts';
import { isOwnerAlive } from './owner.ts';

/**
 * Names of owned lab namespaces whose owner process is gone (killed with
 * SIGKILL, or crashed before its exit hook ran). Namespaces of live owners,
 * CLI labs and anything not made by the lab are never listed.
 */
export function deadLabNetns(names: readonly string[], alive = isOwnerAlive): string[] {
  const verdicts = new Map<string, boolean>();
  return names.filter((name) => {
    const parsed = parseOwnedNetns(name);
    if (!parsed) return false;
    const key = `${parsed.owner.pid}/${parsed.owner.start}`;
    let live = verdicts.get(key);
    if (live === undefined) {
      live = alive(parsed.owner);
      verdicts.set(key, live);
    }
    return !live;
  });
}

/** Removes leftovers of dead runs; returns the namespaces it deleted. */
export async function sweep(): Promise<string[]> {
  const dead = deadLabNetns(listNetns());
  await Promise.all(dead.map((name) => deleteNetns(name)));
  return dead;
}
