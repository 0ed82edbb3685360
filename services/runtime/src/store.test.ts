import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './store.ts';

const v1 = 'CREATE TABLE lease (ip TEXT PRIMARY KEY, mac TEXT NOT NULL)';
const v2 = 'ALTER TABLE lease ADD COLUMN hostname TEXT';

describe('openDatabase', () => {
  it('uses WAL and applies migrations once, in order, keeping data', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pdk-db-')), 'x.db');
    const db = openDatabase(file, { migrations: [v1] });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.prepare('INSERT INTO lease VALUES (?, ?)').run('10.0.0.2', '52:54:00:00:00:01');
    db.close();
    const again = openDatabase(file, { migrations: [v1, v2] });
    expect(again.pragma('user_version', { simple: true })).toBe(2);
    expect(again.prepare('SELECT ip, mac, hostname FROM lease').all()).toEqual([
      { ip: '10.0.0.2', mac: '52:54:00:00:00:01', hostname: null },
    ]);
    again.close();
  });

  it('rolls back a failing migration and leaves the earlier version intact', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pdk-db-')), 'x.db');
    openDatabase(file, { migrations: [v1] }).close();
    expect(() => openDatabase(file, { migrations: [v1, 'ALTER TABLE nope ADD COLUMN x'] })).toThrow(/no such table/);
    const db = openDatabase(file, { migrations: [v1] });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.close();
  });

  it('refuses a database newer than the code', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pdk-db-')), 'x.db');
    openDatabase(file, { migrations: [v1, v2] }).close();
    expect(() => openDatabase(file, { migrations: [v1] })).toThrow(
      /schema version 2, newer than this Paddock knows \(1\)/,
    );
  });
});
