/**
 * Reading files out of unpacked packages without ever reading the build host's own files: a
 * package's symlinks (often absolute, like lib64/ld-linux-x86-64.so.2) resolve inside its root.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

export class MissingFileError extends Error {}

/** The file's bytes, following symlinks within `root`. */
export function readInRoot(root: string, rel: string): Buffer {
  let path = posix.normalize(rel).replace(/^\/+/, '');
  for (let hops = 0; hops < 16; hops++) {
    const full = join(root, path);
    let st: ReturnType<typeof lstatSync>;
    try {
      st = lstatSync(full);
    } catch {
      throw new MissingFileError(`${rel} is not in ${root}`);
    }
    if (!st.isSymbolicLink()) return readFileSync(full);
    const target = readlinkSync(full);
    path = posix
      .normalize(target.startsWith('/') ? target : posix.join(posix.dirname(path), target))
      .replace(/^\/+/, '');
    if (path.startsWith('..')) throw new MissingFileError(`${rel} in ${root} points outside it`);
  }
  throw new MissingFileError(`${rel} in ${root}: too many symlinks`);
}

/** Shared libraries by file name across package roots: soname → [root, path in root]. */
export function libraryIndex(roots: readonly string[], libDirs: readonly string[]): Map<string, [string, string]> {
  const index = new Map<string, [string, string]>();
  for (const root of roots) {
    for (const dir of libDirs) {
      let names: string[];
      try {
        names = readdirSync(join(root, dir)).sort();
      } catch {
        continue;
      }
      for (const n of names) if (/\.so(\.|$)/.test(n) && !index.has(n)) index.set(n, [root, join(dir, n)]);
    }
  }
  return index;
}

export const parentDirs = (path: string): string[] => {
  const out: string[] = [];
  for (let d = dirname(path); d !== '.' && d !== '/'; d = dirname(d)) out.push(d);
  return out;
};
