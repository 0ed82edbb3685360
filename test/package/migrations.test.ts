/**
 * Upgrades and downgrades of a data dir, for every database Paddock keeps: a database written
 * at the previous schema version, with a row in every table, is migrated by this build with
 * every row still there; a database from a newer build is refused with an error that says to
 * upgrade, and is left byte for byte as it was (what `paddock` does after a package downgrade
 * that dpkg's preinst did not stop, for example a data dir restored from a newer machine).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Db, type OpenDatabaseOptions, openDatabase } from '@paddock/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { BOOT_MIGRATIONS, EVENT_MIGRATIONS } from '../../services/boot/src/store/schema.ts';
import { MIGRATIONS as BUILD } from '../../services/build/src/store/migrations.ts';
import { MIGRATIONS as DHCP } from '../../services/dhcp/src/store/migrations.ts';
import { MIGRATIONS as INVENTORY } from '../../services/inventory/src/store/migrations.ts';
import { MIGRATIONS as KEYS } from '../../services/keys/src/store/migrations.ts';
import { SCANNER_MIGRATIONS } from '../../services/scanner/src/store/migrations.ts';

type Migrations = OpenDatabaseOptions['migrations'];
const DATABASES: Record<string, Migrations> = {
  'dhcp leases': DHCP,
  boot: BOOT_MIGRATIONS,
  'boot events': EVENT_MIGRATIONS,
  inventory: INVENTORY,
  keys: KEYS,
  scanner: SCANNER_MIGRATIONS,
  build: BUILD,
};

const dir = mkdtempSync(join(tmpdir(), 'paddock-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tables = (db: Db) =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
    }[]
  ).map((t) => t.name);

/** One row in a table, with a value of each column's type; false when a CHECK or key refuses it. */
function fillRow(db: Db, table: string, n: number): boolean {
  const cols = db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; type: string; pk: number }[];
  // A column limited to a list of words (CHECK (state IN ('live', …))) gets the first of them.
  const sql = (db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(table) as { sql: string }).sql;
  const allowed = new Map(
    [...sql.matchAll(/(\w+)\s+TEXT[^,]*?CHECK\s*\(\s*\1\s+IN\s*\(\s*'([^']*)'/gi)].map((m) => [m[1], m[2]]),
  );
  const value = (c: { name: string; type: string }) =>
    allowed.get(c.name) ??
    (/INT/i.test(c.type) ? 1_000 + n : /REAL/i.test(c.type) ? 1.5 : /BLOB/i.test(c.type) ? Buffer.from([n]) : `v${n}`);
  try {
    db.prepare(
      `INSERT INTO "${table}" (${cols.map((c) => `"${c.name}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
    ).run(...cols.map(value));
    return true;
  } catch {
    return false;
  }
}

const count = (db: Db, table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;

describe('data dir schema across package versions', () => {
  for (const [name, migrations] of Object.entries(DATABASES)) {
    it(`${name}: a database from the previous schema is migrated with every row kept`, () => {
      const file = join(dir, `${name.replace(' ', '-')}-prev.db`);
      // With one step so far, the previous release had this same schema: it must reopen intact.
      const old = openDatabase(file, { migrations: migrations.slice(0, Math.max(1, migrations.length - 1)) });
      // A row in every table that takes one (CHECK constraints refuse some made-up values).
      const before = new Map(tables(old).map((t, i) => [t, count(old, t) + (fillRow(old, t, i) ? 1 : 0)]));
      old.close();
      const db = openDatabase(file, { migrations });
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
      // A migration may add rows (boot seeds its default rules), never lose one.
      for (const [t, n] of before) expect({ table: t, kept: count(db, t) >= n }).toEqual({ table: t, kept: true });
      expect([...before.values()].some((n) => n > 0)).toBe(true);
      db.close();
    });

    it(`${name}: a database from a newer build is refused, untouched, with what to do`, () => {
      const file = join(dir, `${name.replace(' ', '-')}-next.db`);
      const db = openDatabase(file, { migrations });
      db.pragma(`user_version = ${migrations.length + 1}`);
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      const bytes = readFileSync(file);
      expect(() => openDatabase(file, { migrations })).toThrow(
        `has schema version ${migrations.length + 1}, newer than this Paddock knows (${migrations.length}); upgrade Paddock`,
      );
      expect(readFileSync(file).equals(bytes)).toBe(true);
    });
  }
});
