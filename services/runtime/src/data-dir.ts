import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { ConfigError } from './config.ts';

/**
 * Makes the data dir (0700) when it is missing and checks that this process may use it. A dir
 * left by another user (a clone run as root, then the package's `paddock` user) would otherwise
 * fail later on whichever file came first, as a bare EACCES; this says whose it is and what to do.
 */
export function ensureDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') throw err;
    throw new ConfigError(`data dir ${dir}: ${whyNotUsable(dir, code)}`);
  }
}

function whyNotUsable(dir: string, code: string): string {
  if (code === 'EROFS') return 'it is on a read-only file system; choose another --data-dir';
  const me = userInfo();
  const st = statSync(dir, { throwIfNoEntry: false });
  const who = `this process runs as ${me.username} (uid ${me.uid})`;
  if (!st)
    return `cannot be made: ${who} and may not write its parent; make it for this user or choose another --data-dir`;
  const mode = (st.mode & 0o777).toString(8).padStart(4, '0');
  return `${who}, but the dir belongs to uid ${st.uid} (mode ${mode}): give it to this user (chown -R ${me.username} ${dir}) or choose another --data-dir`;
}
