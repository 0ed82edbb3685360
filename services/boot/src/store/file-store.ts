import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { invalidArgument, notFound } from '@paddock/runtime';
import { isMac } from '@paddock/wire';
import { resolveRequestPath } from '../tftp/paths.ts';
import type { BootRows, FileAccess, StoredFile } from './boot-rows.ts';

export type { FileAccess, StoredFile } from './boot-rows.ts';

export interface FileMeta {
  name: string;
  access: FileAccess;
  nodeMac?: string | undefined;
  /** Expected SHA-256 (hex); the write fails and stores nothing on a mismatch. */
  sha256?: string | undefined;
}

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
 * Boot files: names and metadata as boot rows (boot.db, or etcd shared by a site's servers),
 * contents as content-addressed blobs in this server's data dir (`blobs/<sha256>`), so a
 * replaced file swaps atomically, identical files are kept once, and no file name ever becomes
 * a file system path. On etcd a file uploaded to one server is listed by all; the others fetch
 * its bytes from a server that holds them (`fetchMissing`, see peer-bytes.ts), checked against
 * the recorded SHA-256. Until then, or with no server to fetch from, a request for it waits for
 * the fetch under way or answers not found, saying which file and why.
 */
export class FileStore {
  readonly #rows: BootRows;
  readonly #dir: string;
  /** Blob renames and removals, one at a time (see #serial). */
  #blobOps: Promise<unknown> = Promise.resolve();
  /** Fetches a listed file's bytes from another server of the site; resolves once they are here or could not be. */
  #fetch: ((f: StoredFile) => Promise<void>) | undefined;

  constructor(rows: BootRows, dir: string) {
    this.#rows = rows;
    this.#dir = dir;
    mkdirSync(join(dir, 'blobs'), { recursive: true, mode: 0o700 });
  }

  list(prefix = ''): StoredFile[] {
    return this.#rows.files().filter((r) => r.name.startsWith(prefix));
  }

  /** The file by name (normalised as TFTP names are), or undefined. */
  get(name: string): StoredFile | undefined {
    const v = resolveRequestPath(name);
    if (!v.ok) return undefined;
    return this.#rows.file(v.relative);
  }

  blobPath(f: Pick<StoredFile, 'sha256'>): string {
    return join(this.#dir, 'blobs', f.sha256);
  }

  /** From now on, a listed file whose bytes are not here is fetched with `fetch` when asked for. */
  fetchMissing(fetch: (f: StoredFile) => Promise<void>): void {
    this.#fetch = fetch;
  }

  /**
   * Whether the file's bytes are here, after fetching them from another server of the site
   * when they were not (and a fetcher is set and `fetch` allows it).
   */
  async hasBytes(f: StoredFile, fetch = true): Promise<boolean> {
    if (existsSync(this.blobPath(f))) return true;
    if (!fetch || !this.#fetch) return false;
    await this.#fetch(f);
    return existsSync(this.blobPath(f));
  }

  /**
   * The file by name, for sending its bytes: not found when there is no such file, or when it
   * is the site's (listed from etcd) but its bytes are not on this server and could not be
   * fetched from another, said so.
   */
  async withBytes(name: string, fetch = true): Promise<StoredFile> {
    const f = this.get(name);
    if (!f) throw notFound(`no file named ${JSON.stringify(name)}`);
    if (!(await this.hasBytes(f, fetch)))
      throw notFound(
        `${f.name} is one of the site's files (sha256 ${f.sha256.slice(0, 12)}…, ${f.size} bytes) but its bytes are not on this server${this.#fetch && fetch ? ', and no other server of the site could send them' : ''}: upload it here too`,
      );
    return f;
  }

  /** Files listed for the site whose bytes this server does not hold. */
  missing(): StoredFile[] {
    return this.list().filter((f) => !existsSync(this.blobPath(f)));
  }

  /** Streams content into the store, hashing as it goes; replaces a file of the same name. */
  async write(meta: FileMeta, content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<StoredFile> {
    const name = normaliseName(meta.name);
    const nodeMac = checkOwner(meta.access, meta.nodeMac);
    return this.#staged(content, async ({ tmp, sha256, size }) => {
      if (meta.sha256 && meta.sha256.toLowerCase() !== sha256) {
        throw invalidArgument(
          `content of ${name} has SHA-256 ${sha256}, not the ${meta.sha256} announced: nothing stored`,
        );
      }
      return this.#serial(async () => {
        await rename(tmp, this.blobPath({ sha256 }));
        return this.#upsert({ name, size, sha256, access: meta.access, nodeMac, updatedAt: Date.now() });
      });
    });
  }

  /**
   * Stores the bytes of a file already listed (fetched from another server of the site): kept
   * only when they hash to `sha256`, and only while a file still refers to them. No row changes.
   */
  async putBlob(sha256: string, content: AsyncIterable<Uint8Array>): Promise<void> {
    await this.#staged(content, async ({ tmp, sha256: got }) => {
      if (got !== sha256)
        throw invalidArgument(`the bytes sent have SHA-256 ${got}, not the ${sha256} recorded: nothing stored`);
      await this.#serial(async () => {
        if (this.#rows.usesBlob(sha256)) await rename(tmp, this.blobPath({ sha256 }));
      });
    });
  }

  /**
   * Streams content into a temporary file beside the blobs, hashing as it goes, and hands it to
   * `keep` (which renames it into place or throws); whatever `keep` did not rename is removed.
   */
  async #staged<T>(
    content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    keep: (staged: { tmp: string; sha256: string; size: number }) => Promise<T>,
  ): Promise<T> {
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
      return await keep({ tmp, sha256: hash.digest('hex'), size });
    } finally {
      await rm(tmp, { force: true });
    }
  }

  /**
   * Copies a file from disk (seeding iPXE binaries) unless one of that name is stored and its
   * bytes are here (another server of the site may have recorded it first).
   */
  async importFile(name: string, path: string, access: FileAccess = 'public'): Promise<StoredFile> {
    const f = this.get(name);
    return f && existsSync(this.blobPath(f))
      ? f
      : this.write({ name, access: f?.access ?? access }, createReadStream(path));
  }

  update(name: string, changes: { newName?: string; access?: FileAccess; nodeMac?: string }): StoredFile {
    const f = this.get(name);
    if (!f) throw notFound(`no file named ${JSON.stringify(name)}`);
    const access = changes.access ?? f.access;
    const nodeMac = checkOwner(access, changes.access ? changes.nodeMac : (changes.nodeMac ?? f.nodeMac));
    const newName = changes.newName ? normaliseName(changes.newName) : f.name;
    const next = { ...f, name: newName, access, nodeMac, updatedAt: Date.now() };
    this.#rows.putFile(next, f.name);
    return next;
  }

  async delete(name: string): Promise<void> {
    const f = this.get(name);
    if (!f) throw notFound(`no file named ${JSON.stringify(name)}`);
    this.#rows.deleteFile(f.name);
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

  async #upsert(f: StoredFile): Promise<StoredFile> {
    const old = this.get(f.name);
    this.#rows.putFile(f);
    if (old && old.sha256 !== f.sha256) await this.#collect(old.sha256);
    return f;
  }

  /** Removes a blob no file refers to any more. */
  async #collect(sha256: string): Promise<void> {
    if (!this.#rows.usesBlob(sha256)) await rm(this.blobPath({ sha256 }), { force: true });
  }
}
