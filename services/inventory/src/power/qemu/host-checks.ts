import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/**
 * What the QEMU provider needs from this host, each answered with a sentence a person can act
 * on when it is missing: the QEMU binary, the namespace, the bridge inside it.
 */
export function findExecutable(name: string, path = process.env['PATH'] ?? ''): string | undefined {
  const candidates = isAbsolute(name) ? [name] : path.split(delimiter).map((d) => join(d, name));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function netnsExists(netns: string): boolean {
  return existsSync(`/run/netns/${netns}`);
}

/** Undefined when `bridge` is a bridge in `netns`, else why not. */
export async function bridgeProblem(netns: string, bridge: string): Promise<string | undefined> {
  if (!netnsExists(netns)) return `network namespace ${netns} does not exist`;
  try {
    const { stdout } = await exec('ip', ['-n', netns, '-j', '-d', 'link', 'show', 'dev', bridge]);
    const [link] = JSON.parse(stdout) as { linkinfo?: { info_kind?: string } }[];
    if (link?.linkinfo?.info_kind !== 'bridge') return `${bridge} in namespace ${netns} is not a bridge`;
    return undefined;
  } catch {
    return `bridge ${bridge} not found in network namespace ${netns}`;
  }
}
