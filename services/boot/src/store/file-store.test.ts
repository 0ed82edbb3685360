import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@paddock/runtime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStore } from './file-store.ts';
import { BOOT_MIGRATIONS } from './schema.ts';
import { SqliteBootRows } from './sqlite-boot-rows.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const chunks = (b: Uint8Array, size = 1000) =>
  Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size));

describe('FileStore', () => {
  let dir: string;
  let store: FileStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'paddock-files-'));
    store = new FileStore(new SqliteBootRows(openDatabase(join(dir, 'boot.db'), { migrations: BOOT_MIGRATIONS })), dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const blobs = () => readdirSync(join(dir, 'blobs'));

  it('stores streamed content under a normalised name with its size and hash', async () => {
    const data = randomBytes(10_000);
    const f = await store.write({ name: '/debian\\vmlinuz', access: 'public' }, chunks(data));
    expect(f).toMatchObject({ name: 'debian/vmlinuz', size: 10_000, sha256: sha(data), access: 'public' });
    expect(readFileSync(store.blobPath(f))).toEqual(data);
    expect(store.get('debian/vmlinuz')).toEqual(f);
    expect(store.list('debian/').map((x) => x.name)).toEqual(['debian/vmlinuz']);
  });

  it('refuses content whose hash differs from the one announced, storing nothing', async () => {
    const data = randomBytes(100);
    await expect(
      store.write({ name: 'x', access: 'public', sha256: sha(Buffer.from('other')) }, [data]),
    ).rejects.toThrow(/not the .* announced: nothing stored/);
    expect(store.get('x')).toBeUndefined();
    expect(blobs()).toEqual([]);
  });

  it('refuses names that climb out or carry control characters, and node files without an owner', async () => {
    await expect(store.write({ name: '../x', access: 'public' }, [])).rejects.toThrow(/parent directory/);
    await expect(store.write({ name: 'a\u0000b', access: 'public' }, [])).rejects.toThrow(/control character/);
    await expect(store.write({ name: 'p', access: 'node' }, [])).rejects.toThrow(/needs node_mac/);
    await expect(store.write({ name: 'p', access: 'public', nodeMac: '52:54:00:12:34:56' }, [])).rejects.toThrow(
      /only for node files/,
    );
  });

  it('replaces, renames and deletes, keeping one blob per content and none unused', async () => {
    const a = randomBytes(50);
    const b = randomBytes(60);
    await store.write({ name: 'one', access: 'public' }, [a]);
    await store.write({ name: 'two', access: 'public' }, [a]);
    expect(blobs()).toEqual([sha(a)]);
    await store.write({ name: 'one', access: 'public' }, [b]);
    expect(blobs().sort()).toEqual([sha(a), sha(b)].sort());
    const moved = store.update('two', { newName: 'nodes/seed', access: 'node', nodeMac: '52-54-00-12-34-56' });
    expect(moved).toMatchObject({ name: 'nodes/seed', access: 'node', nodeMac: '52:54:00:12:34:56', sha256: sha(a) });
    expect(store.get('two')).toBeUndefined();
    await store.delete('nodes/seed');
    expect(blobs()).toEqual([sha(b)]);
    await expect(store.delete('nodes/seed')).rejects.toThrow(/no file named/);
  });

  it('never leaves a file without its blob when writes and deletes of the same content overlap', async () => {
    const same = randomBytes(2000);
    const names = Array.from({ length: 12 }, (_, i) => `f${i}`);
    for (let round = 0; round < 10; round++) {
      // Each name is written then deleted while the others are written: every delete's
      // clean-up of the shared blob races a write that renames the same blob into place.
      await Promise.all(
        names.map(async (name, i) => {
          await store.write({ name, access: 'public' }, chunks(same, 100 + i));
          if (i % 2 === 0) await store.delete(name);
        }),
      );
      for (const f of store.list()) expect(readFileSync(store.blobPath(f))).toEqual(same);
      for (const name of names) if (store.get(name)) await store.delete(name);
      expect(blobs()).toEqual([]);
    }
  });
});
