import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openBackup, sealBackup } from './archive.ts';
import { restoreDataDir } from './restore.ts';
import { snapshotDataDir } from './snapshot.ts';

const work = mkdtempSync(join(tmpdir(), 'paddock-backup-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A data dir as a server leaves it: a WAL database still open for writing, keys, a token. */
function liveDataDir() {
  const dir = join(work, `live-${Math.random().toString(36).slice(2)}`);
  mkdirSync(join(dir, 'pki'), { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'pki', 'ca.key'), 'KEY', { mode: 0o600 });
  writeFileSync(join(dir, 'admin.token'), 'token', { mode: 0o600 });
  mkdirSync(join(dir, 'run'));
  writeFileSync(join(dir, 'run', 'up.json'), '{}');
  const db = new Database(join(dir, 'dhcp.db'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE leases (ip TEXT PRIMARY KEY, mac TEXT)');
  const add = db.prepare('INSERT INTO leases VALUES (?, ?)');
  return { dir, db, add };
}

describe('backup and restore', () => {
  it('restores every committed row of a database being written, and the keys with their modes', async () => {
    const { dir, db, add } = liveDataDir();
    for (let i = 0; i < 2000; i++) add.run(`10.0.${i >> 8}.${i & 255}`, `mac${i}`);
    // Writes keep landing while the snapshot is taken: the copy holds a consistent prefix.
    const writing = setInterval(() => add.run(`10.1.${Math.random()}`, 'late'), 1);
    const files = await snapshotDataDir(dir);
    clearInterval(writing);
    db.close();
    const sealed = sealBackup({ createdAtMs: 1, version: 'test', files }, 'correct horse');
    const target = join(work, 'restored');
    restoreDataDir(openBackup(sealed, 'correct horse'), target);

    expect(readdirSync(target).sort()).toEqual(['admin.token', 'dhcp.db', 'pki']);
    const copy = new Database(join(target, 'dhcp.db'), { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const ips = new Set(
      (copy.prepare("SELECT ip FROM leases WHERE mac != 'late'").all() as { ip: string }[]).map((r) => r.ip),
    );
    copy.close();
    expect(ips.size).toBe(2000);
    expect(readFileSync(join(target, 'pki', 'ca.key'), 'utf8')).toBe('KEY');
    expect(statSync(join(target, 'pki', 'ca.key')).mode & 0o777).toBe(0o600);
  });

  it('refuses a wrong passphrase, a damaged file and a foreign one before writing anything', async () => {
    const { dir, db } = liveDataDir();
    db.close();
    const sealed = sealBackup({ createdAtMs: 1, version: 'test', files: await snapshotDataDir(dir) }, 'pw');
    expect(() => openBackup(sealed, 'other')).toThrow(/wrong passphrase, or the file is damaged/);
    const damaged = Buffer.from(sealed);
    damaged.writeUInt8(damaged.readUInt8(damaged.length - 3) ^ 1, damaged.length - 3);
    expect(() => openBackup(damaged, 'pw')).toThrow(/damaged or truncated/);
    expect(() => openBackup(sealed.subarray(0, sealed.length - 100), 'pw')).toThrow(/damaged or truncated/);
    expect(() => openBackup(Buffer.from('SQLite format 3\0 and more bytes than a header holds....'), 'pw')).toThrow(
      /not a Paddock backup/,
    );
  });

  it('never overwrites a data dir that has files', async () => {
    const { dir, db } = liveDataDir();
    db.close();
    const backup = openBackup(
      sealBackup({ createdAtMs: 1, version: 't', files: await snapshotDataDir(dir) }, 'pw'),
      'pw',
    );
    expect(() => restoreDataDir(backup, dir)).toThrow(/is not empty/);
    expect(readFileSync(join(dir, 'admin.token'), 'utf8')).toBe('token');
  });
});
