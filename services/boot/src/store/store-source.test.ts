import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@paddock/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStore } from './file-store.ts';
import { BOOT_MIGRATIONS } from './schema.ts';
import { SqliteBootRows } from './sqlite-boot-rows.ts';
import { storeSource } from './store-source.ts';

describe('TFTP view of the store', () => {
  let dir: string;
  let store: FileStore;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'paddock-store-source-'));
    store = new FileStore(new SqliteBootRows(openDatabase(join(dir, 'boot.db'), { migrations: BOOT_MIGRATIONS })), dir);
    await store.write({ name: 'pxe/undionly.kpxe', access: 'public' }, [Buffer.from('0123456789')]);
    await store.write({ name: 'secret', access: 'admin' }, [Buffer.from('admin only')]);
    await store.write({ name: 'seed', access: 'node', nodeMac: '52:54:00:00:00:01' }, [Buffer.from('node only')]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves public files by their TFTP names, in ranges', async () => {
    const opened = await storeSource(store).open('/pxe\\undionly.kpxe');
    if (!opened.ok) throw new Error(opened.reason);
    expect(opened.file.size).toBe(10);
    expect(Buffer.from(await opened.file.read(3, 4)).toString()).toBe('3456');
    expect(Buffer.from(await opened.file.read(8, 100)).toString()).toBe('89');
    await opened.file.close();
  });

  it('answers "not found" for admin and node files, and refuses escapes', async () => {
    const src = storeSource(store);
    expect(await src.open('secret')).toMatchObject({ ok: false, error: 'not-found' });
    expect(await src.open('seed')).toMatchObject({ ok: false, error: 'not-found' });
    expect(await src.open('../boot.db')).toMatchObject({ ok: false, error: 'access-denied' });
    expect(await src.open('blobs')).toMatchObject({ ok: false, error: 'not-found' });
  });
});
