/**
 * Reads a data dir into a Backup while its server runs: each SQLite database through SQLite's
 * online backup API (a consistent snapshot even mid-write, WAL included), every other file as it
 * is (PKI, keys, token, boot files). The live -wal/-shm files and run/ (pid files) are left out.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import Database from 'better-sqlite3';
import type { BackupFile } from './archive.ts';

const SKIP = /(^|\/)run(\/|$)|-(wal|shm|journal)$/;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return walk(p);
    return e.isFile() ? [p] : [];
  });
}

const isSqlite = (file: string) => readFileSync(file).subarray(0, 16).toString('latin1') === 'SQLite format 3\0';

export async function snapshotDataDir(dataDir: string): Promise<BackupFile[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'paddock-backup-'));
  try {
    const files: BackupFile[] = [];
    for (const file of walk(dataDir)) {
      const path = relative(dataDir, file).split(sep).join('/');
      if (SKIP.test(path)) continue;
      const mode = statSync(file).mode & 0o777;
      if (!isSqlite(file)) {
        files.push({ path, mode, data: readFileSync(file) });
        continue;
      }
      const db = new Database(file, { readonly: true, fileMustExist: true });
      const copy = join(scratch, `${files.length}.db`);
      try {
        await db.backup(copy);
      } finally {
        db.close();
      }
      files.push({ path, mode, data: readFileSync(copy) });
    }
    return files;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
