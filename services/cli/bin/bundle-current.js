// Whether a dist/ folder holds what is checked out, in a few small reads (a stat of every
// source costs tens of milliseconds on a loaded machine, more than the rest of a one-shot verb).
// Shared by bin/paddock.js and the tests that must use a current bundle.
import { createRequire } from 'node:module';

// Through require: an ES import of node:fs loads fs/promises, streams and more (bin/paddock.js).
const { readFileSync, statSync } = createRequire(import.meta.url)('node:fs');

const read = (file) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
};

/**
 * The checkout moved (HEAD reads otherwise than at build time, or its branch names another
 * commit: a commit, checkout, pull or rebase) means stale. The branch's commit is read from its
 * loose ref file, or from packed-refs once git has packed it: packing moves no commit. Edits not
 * yet committed are looked for only with `sources` (where PADDOCK_DEV=1): a source changed after
 * the build.
 */
export function bundleIsCurrent(dist, { sources = false } = {}) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(new URL('stamp.json', dist), 'utf8'));
  } catch {
    return false;
  }
  if (!Array.isArray(stamp.git) || !stamp.git.every(([file, text]) => read(file) === text)) return false;
  if (stamp.ref && !refIs(stamp.ref)) return false;
  if (!sources) return true;
  const root = new URL(`${stamp.root}/`, dist).pathname;
  return stamp.inputs.every((f) => (statSync(root + f, { throwIfNoEntry: false })?.mtimeMs ?? 0) <= stamp.builtAtMs);
}

function refIs({ name, loose, packed, id }) {
  const text = read(loose);
  if (text !== null) return text.trim() === id;
  return (read(packed) ?? '').split('\n').includes(`${id} ${name}`);
}
