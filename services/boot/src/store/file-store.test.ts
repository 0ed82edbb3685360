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

  describe('bytes from another server of the site', () => {
    /** A listed file whose bytes are not here, as a record shared through etcd looks on a second server. */
    const listedElsewhere = async (data: Uint8Array) => {
      const f = await store.write({ name: 'kernel', access: 'public' }, [data]);
      rmSync(store.blobPath(f));
      return f;
    };
    const gen = async function* (...parts: Uint8Array[]) {
      yield* parts;
    };

    it('keeps fetched bytes only when they hash to the recorded SHA-256', async () => {
      const data = randomBytes(5000);
      const f = await listedElsewhere(data);
      await expect(store.putBlob(f.sha256, gen(randomBytes(5000)))).rejects.toThrow(
        /have SHA-256 [0-9a-f]{64}, not the [0-9a-f]{64} recorded: nothing stored/,
      );
      expect(blobs()).toEqual([]);
      await store.putBlob(f.sha256, gen(data.subarray(0, 1000), data.subarray(1000)));
      expect(readFileSync(store.blobPath(f))).toEqual(data);
      expect(store.get('kernel')).toEqual(f);
    });

    it('drops fetched bytes no file refers to any more', async () => {
      const data = randomBytes(100);
      const f = await listedElsewhere(data);
      await store.delete('kernel');
      await store.putBlob(f.sha256, gen(data));
      expect(blobs()).toEqual([]);
    });

    it('fetches missing bytes when asked for the file, and says so when none came', async () => {
      const data = randomBytes(300);
      const f = await listedElsewhere(data);
      await expect(store.withBytes('kernel')).rejects.toThrow(/its bytes are not on this server: upload it here too/);
      const asked: string[] = [];
      let send = false;
      store.fetchMissing(async (x) => {
        asked.push(x.name);
        if (send) await store.putBlob(x.sha256, gen(data));
      });
      await expect(store.withBytes('kernel')).rejects.toThrow(/and no other server of the site could send them/);
      // A peer's own download fetches nothing: two servers lacking a file never wait on each other.
      await expect(store.withBytes('kernel', false)).rejects.toThrow(/not on this server: upload/);
      expect(asked).toEqual(['kernel']);
      send = true;
      expect(await store.withBytes('kernel')).toEqual(f);
      expect(await store.hasBytes(f)).toBe(true);
      expect(asked).toEqual(['kernel', 'kernel']);
    });
  });
});
