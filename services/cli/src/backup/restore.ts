/**
 * Writes a Backup into a data dir that is empty or absent: first into a sibling temp dir, then
 * one rename, so a failed restore leaves nothing half-written and an existing data dir is never
 * overwritten.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type Backup, BackupError } from './archive.ts';

export function restoreDataDir(backup: Backup, dataDir: string): void {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new BackupError(
      `${dataDir} is not empty: restore into an empty or new data dir (stop the server and move the old one aside)`,
    );
  }
  mkdirSync(dirname(dataDir), { recursive: true });
  const temp = mkdtempSync(join(dirname(dataDir), `.${basename(dataDir)}.restore-`));
  try {
    for (const f of backup.files) {
      const target = join(temp, ...f.path.split('/'));
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      writeFileSync(target, f.data, { mode: f.mode & 0o777 });
    }
    if (existsSync(dataDir)) rmSync(dataDir, { recursive: true });
    renameSync(temp, dataDir);
  } catch (err) {
    rmSync(temp, { recursive: true, force: true });
    throw err;
  }
}
