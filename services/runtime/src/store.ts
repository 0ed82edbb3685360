import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * Opens (creating if needed) a SQLite database in WAL mode and brings its schema up to date.
 * `migrations[i]` moves the schema from version i to i+1; the version lives in
 * `PRAGMA user_version`, and each step runs in its own transaction, so a crash mid-migration
 * leaves the previous version intact. A database newer than the code is refused rather than
 * guessed at.
 */
export interface OpenDatabaseOptions {
  migrations: Array<string | ((db: Db) => void)>;
  /**
   * FULL (the default) syncs the WAL on every commit: an acknowledged write survives power loss.
   * NORMAL survives a process crash (kill -9) but not power loss, and is much faster.
   */
  synchronous?: 'FULL' | 'NORMAL';
}

export function openDatabase(file: string, opts: OpenDatabaseOptions): Db {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    ownerOnly(file);
  }
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${opts.synchronous ?? 'FULL'}`);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, opts.migrations, file);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/**
 * Leases and credentials are nobody else's business, whatever the mode of the directory they
 * are in (an existing 0755 data dir, say): the database is created 0600 before SQLite opens
 * it, and SQLite gives its -wal and -shm files the database's mode. An older file is narrowed.
 */
function ownerOnly(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(f) && (statSync(f).mode & 0o077) !== 0) chmodSync(f, 0o600);
  }
}

function migrate(db: Db, migrations: OpenDatabaseOptions['migrations'], file: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `${file} has schema version ${current}, newer than this Paddock knows (${migrations.length}); upgrade Paddock`,
    );
  }
  for (let v = current; v < migrations.length; v++) {
    const step = migrations[v]!;
    db.transaction(() => {
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
