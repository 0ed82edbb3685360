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

/**
 * Every regular file under `dir` in `root` (symlinks followed within the root; one pointing
 * outside it, or nowhere, is left out), sorted: [path in the image, bytes]. Compiled bytecode
 * (`__pycache__`) is left out: Python compiles what it imports.
 */
export function filesUnder(root: string, dir: string): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  const walk = (rel: string) => {
    let entries: string[];
    try {
      entries = readdirSync(join(root, rel)).sort();
    } catch {
      return;
    }
    for (const name of entries) {
      if (name === '__pycache__') continue;
      const path = posix.join(rel, name);
      const st = lstatSync(join(root, path));
      if (st.isDirectory()) walk(path);
      else
        try {
          out.push([path, readInRoot(root, path)]);
        } catch (err) {
          // A link to a folder (read whole where it is) or to nothing.
          if (!(err instanceof MissingFileError) && (err as NodeJS.ErrnoException).code !== 'EISDIR') throw err;
        }
    }
  };
  walk(dir);
  return out;
}
