import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where Paddock keeps its data unless told otherwise: /var/lib/paddock for root, else the XDG data
 * dir. A file of its own because every client verb's `--data-dir` default reads it, and the
 * server settings beside it (runtime-config.ts) load the schema library.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.getuid?.() === 0) return '/var/lib/paddock';
  return join(env['XDG_DATA_HOME'] || join(homedir(), '.local', 'share'), 'paddock');
}
