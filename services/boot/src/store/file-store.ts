import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type Db, invalidArgument, notFound } from '@paddock/runtime';
import { isMac } from '@paddock/wire';
import { resolveRequestPath } from '../tftp/paths.ts';

export type FileAccess = 'public' | 'admin' | 'node';

export interface StoredFile {
  name: string;
  size: number;
  sha256: string;
  access: FileAccess;
  /** The owner of a node file; '' otherwise. */
  nodeMac: string;
  updatedAt: number;
}

export interface FileMeta {
  name: string;
  access: FileAccess;
  nodeMac?: string | undefined;
  /** Expected SHA-256 (hex); the write fails and stores nothing on a mismatch. */
  sha256?: string | undefined;
}

interface Row {
  name: string;
  size: number;
  sha256: string;
  access: FileAccess;
  node_mac: string;
  updated_at: number;
}

const toFile = (r: Row): StoredFile => ({
  name: r.name,
  size: r.size,
  sha256: r.sha256,
  access: r.access,
  nodeMac: r.node_mac,
  updatedAt: r.updated_at,
});

/** The stored form of a file name: the TFTP path rules (no `..`, no control characters). */
export function normaliseName(name: string): string {
  const v = resolveRequestPath(name);
  if (!v.ok) throw invalidArgument(`bad file name ${JSON.stringify(name)}: ${v.reason}`);
  return v.relative;
}

function checkOwner(access: FileAccess, nodeMac: string | undefined): string {
  const mac = (nodeMac ?? '').toLowerCase().replaceAll('-', ':');
  if (access === 'node' && !isMac(mac)) throw invalidArgument('a node file needs node_mac (aa:bb:cc:dd:ee:ff)');
  if (access !== 'node' && mac !== '') throw invalidArgument('node_mac is only for node files');
  return mac;
}

/**
 * Boot files: names and metadata in SQLite, contents as content-addressed blobs
 * (`blobs/<sha256>`), so a replaced file swaps atomically, identical files are kept once,
 * and no file name ever becomes a file system path.
 */
export class FileStore {
  readonly #db: Db;
  readonly #dir: string;
  /** Blob renames and removals, one at a time (see #serial). */
  #blobOps: Promise<unknown> = Promise.resolve();

  constructor(db: Db, dir: string) {
    this.#db = db;
    this.#dir = dir;
    mkdirSync(join(dir, 'blobs'), { recursive: true, mode: 0o700 });
  }

  list(prefix = ''): StoredFile[] {
    const rows = this.#db.prepare('SELECT * FROM files ORDER BY name').all() as Row[];
    return rows.filter((r) => r.name.startsWith(prefix)).map(toFile);
  }

  /** The file by name (normalised as TFTP names are), or undefined. */
  get(name: string): StoredFile | undefined {
    const v = resolveRequestPath(name);
    if (!v.ok) return undefined;
    const row = this.#db.prepare('SELECT * FROM files WHERE name = ?').get(v.relative) as Row | undefined;
    return row && toFile(row);
  }

  blobPath(f: Pick<StoredFile, 'sha256'>): string {
    return join(this.#dir, 'blobs', f.sha256);
  }

  /** Streams content into the store, hashing as it goes; replaces a file of the same name. */
  async write(meta: FileMeta, content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<StoredFile> {
    const name = normaliseName(meta.name);
    const nodeMac = checkOwner(meta.access, meta.nodeMac);
    const tmp = join(this.#dir, 'blobs', `.tmp-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    try {
      const hashed = async function* () {
        for await (const chunk of content) {
          hash.update(chunk);
          size += chunk.length;
          yield chunk;
        }
      };
      await pipeline(hashed(), createWriteStream(tmp, { mode: 0o600 }));
      const sha256 = hash.digest('hex');
      if (meta.sha256 && meta.sha256.toLowerCase() !== sha256) {
        throw invalidArgument(
          `content of ${name} has SHA-256 ${sha256}, not the ${meta.sha256} announced: nothing stored`,
        );
      }
      return await this.#serial(async () => {
        await rename(tmp, this.blobPath({ sha256 }));
        return this.#upsert({ name, size, sha256, access: meta.access, nodeMac, updatedAt: Date.now() });
      });
    } finally {
      await rm(tmp, { force: true });
    }
  }

  /** Copies a file from disk (seeding iPXE binaries) unless one of that name is stored. */
  async importFile(name: string, path: string, access: FileAccess = 'public'): Promise<StoredFile> {
    return this.get(name) ?? this.write({ name, access }, createReadStream(path));
  }

  update(name: string, changes: { newName?: string; access?: FileAccess; nodeMac?: string }): StoredFile {
    const f = this.get(name);
    if (!f) throw notFound(`no file named ${JSON.stringify(name)}`);
    const access = changes.access ?? f.access;
    const nodeMac = checkOwner(access, changes.access ? changes.nodeMac : (changes.nodeMac ?? f.nodeMac));
    const newName = changes.newName ? normaliseName(changes.newName) : f.name;
    const next = { ...f, name: newName, access, nodeMac, updatedAt: Date.now() };
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM files WHERE name = ?').run(f.name);
      this.#insert(next);
    })();
    return next;
  }

  async delete(name: string): Promise<void> {
    const f = this.get(name);
    if (!f) throw notFound(`no file named ${JSON.stringify(name)}`);
    this.#db.prepare('DELETE FROM files WHERE name = ?').run(f.name);
    await this.#serial(() => this.#collect(f.sha256));
  }

  /**
   * Runs blob changes one after another. Otherwise a removal that found blob X unused could
   * unlink it just after a write of the same content renamed a fresh X into place and stored
   * its row: a file pointing at nothing.
   */
  #serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.#blobOps.then(op, op);
    this.#blobOps = run.catch(() => {});
    return run;
  }

  #insert(f: StoredFile): void {
    this.#db
      .prepare(
        `INSERT INTO files (name, size, sha256, access, node_mac, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET size = excluded.size, sha256 = excluded.sha256, access = excluded.access,
           node_mac = excluded.node_mac, updated_at = excluded.updated_at`,
      )
      .run(f.name, f.size, f.sha256, f.access, f.nodeMac, f.updatedAt);
  }

  async #upsert(f: StoredFile): Promise<StoredFile> {
    const old = this.get(f.name);
    this.#insert(f);
    if (old && old.sha256 !== f.sha256) await this.#collect(old.sha256);
    return f;
  }

  /** Removes a blob no file refers to any more. */
  async #collect(sha256: string): Promise<void> {
    const used = this.#db.prepare('SELECT 1 FROM files WHERE sha256 = ? LIMIT 1').get(sha256);
    if (!used) await rm(this.blobPath({ sha256 }), { force: true });
  }
}
