// The packaged paddock command (/usr/lib/paddock/services/cli/bin/paddock.mjs, exec'd by
// /usr/bin/paddock). Unlike a clone's bin/paddock.js there is no checkout the bundle could be
// stale against, so no stamp check: it runs the bundle at once. V8's compile cache spares each
// start compiling a verb's megabytes of JavaScript again. It lives where only the user running
// paddock can write (code planted in a cache another user can write would run as this one):
// NODE_COMPILE_CACHE when set (paddock.service: its CacheDirectory, /var/cache/paddock), else
// the user's own ~/.cache (or XDG_CACHE_HOME) when that user owns it; otherwise none.
import { statSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { dirname, join } from 'node:path';

/** Owned by the user running this, or absent in a dir that user owns: then ok to use. */
function ownCacheDir() {
  const home = process.env.HOME;
  const base = process.env.XDG_CACHE_HOME || (home ? join(home, '.cache') : '');
  if (!base) return undefined;
  try {
    const st = statSync(base, { throwIfNoEntry: false }) ?? statSync(dirname(base));
    return st.uid === process.getuid?.() ? join(base, 'paddock', 'compile-cache') : undefined;
  } catch {
    return undefined; // unreadable: not this user's
  }
}

if (!process.env.NODE_COMPILE_CACHE) {
  const dir = ownCacheDir();
  if (dir) nodeModule.enableCompileCache?.(dir);
}
await import('../dist/paddock.mjs');
