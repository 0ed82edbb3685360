import { constants, read, type Stats } from 'node:fs';
import { type FileHandle, open, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { promisify } from 'node:util';
import { resolveRequestPath } from './paths.ts';

/** An open file a transfer reads in chunks. */
export interface SourceFile {
  readonly size: number;
  /** The open descriptor, when the bytes come from a file: a transfer lane reads through it. */
  readonly fd?: number;
  /** Up to `length` bytes at `offset`; fewer only at the end of the file. */
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Why a file cannot be served; maps to TFTP ERROR 1 and 2. */
export type OpenResult =
  | { ok: true; file: SourceFile }
  | { ok: false; error: 'not-found' | 'access-denied'; reason: string };

/** Where served files come from: a directory now, the boot service's store later. */
export interface FileSource {
  open(name: string): Promise<OpenResult>;
}

const readAt = promisify(read);

/** A file read through its descriptor, which a transfer lane (another thread) reads too. */
export function descriptorFile(fd: number, size: number, close: () => Promise<void>): SourceFile {
  return {
    size,
    fd,
    async read(offset, length) {
      const buf = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      let got = 0;
      while (got < buf.length) {
        const { bytesRead } = await readAt(fd, buf, got, buf.length - got, offset + got);
        if (bytesRead === 0) break; // the file shrank under us: serve what exists
        got += bytesRead;
      }
      return buf.subarray(0, got);
    },
    close,
  };
}

const sameFile = (a: Stats, b: Stats) => a.dev === b.dev && a.ino === b.ino;

function failure(err: unknown): OpenResult {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, error: 'not-found', reason: 'no such file' };
  return { ok: false, error: 'access-denied', reason: `cannot open: ${code ?? String(err)}` };
}

/**
 * Serves regular files below `root`, read-only. The name goes through `resolveRequestPath`;
 * then the file is opened first and checked after: `realpath` must stay inside the root (so a
 * symlink pointing out is refused) and must name the very inode we hold open, so swapping a
 * symlink between the check and the open gains nothing.
 */
export function directorySource(root: string): FileSource {
  let realRoot: Promise<string> | undefined;
  return {
    async open(name) {
      const verdict = resolveRequestPath(name);
      if (!verdict.ok) return { ok: false, error: 'access-denied', reason: verdict.reason };
      realRoot ??= realpath(root);
      const base = await realRoot;
      const path = join(base, verdict.relative);
      let fh: FileHandle;
      try {
        // O_NONBLOCK: opening a FIFO planted in the root must not hang the server.
        fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
      } catch (err) {
        return failure(err);
      }
      try {
        const held = await fh.stat();
        if (!held.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
        const real = await realpath(path);
        if (real !== base && !real.startsWith(base + sep)) {
          throw Object.assign(new Error('outside root'), { code: 'resolves outside the root' });
        }
        if (!sameFile(held, await stat(real))) throw Object.assign(new Error('raced'), { code: 'file changed' });
        return { ok: true, file: descriptorFile(fh.fd, held.size, () => fh.close()) };
      } catch (err) {
        await fh.close();
        return failure(err);
      }
    },
  };
}
