/**
 * A content-addressed store of build outputs. Each file is a blob named by its SHA-256; an
 * entry, named by the build's key (recipe + parameters + input versions), lists its files'
 * names, sizes and hashes. An entry is written last and atomically, and every hit re-hashes
 * its blobs, so a crash or a damaged blob is a miss, never a broken artifact served.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CachedFile {
  name: string;
  sha256: string;
  size: number;
  /** Where the blob is, to read or link it. */
  path: string;
}

export interface CacheEntry {
  key: string;
  files: CachedFile[];
  /** What the build recorded about itself (inputs, parameters, times). */
  meta: Record<string, unknown>;
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** The key of a build: a hash of everything its output depends on, in a stable order. */
export function buildKey(parts: Record<string, unknown>): string {
  const stable = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([k, x]) => [k, stable(x)]),
        )
      : Array.isArray(v)
        ? v.map(stable)
        : v;
  return createHash('sha256')
    .update(JSON.stringify(stable(parts)))
    .digest('hex');
}

export class ArtifactCache {
  readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
  }

  private entryPath = (key: string) => join(this.dir, 'entries', `${key}.json`);
  private blobPath = (hash: string) => join(this.dir, 'blobs', hash.slice(0, 2), hash);

  /** The entry for `key` if it is there and every blob still has its recorded hash. */
  get(key: string): CacheEntry | undefined {
    if (!/^[0-9a-f]{64}$/.test(key) || !existsSync(this.entryPath(key))) return;
    let entry: CacheEntry;
    try {
      entry = JSON.parse(readFileSync(this.entryPath(key), 'utf8')) as CacheEntry;
    } catch {
      return;
    }
    for (const f of entry.files ?? []) {
      const path = this.blobPath(f.sha256);
      if (!existsSync(path)) return;
      const data = readFileSync(path);
      if (data.length !== f.size || sha256(data) !== f.sha256) return;
      f.path = path;
    }
    return entry;
  }

  /** Stores the files (blobs first, then the entry), and returns the entry as `get` would. */
  put(key: string, files: Record<string, Uint8Array>, meta: Record<string, unknown>): CacheEntry {
    const out: CachedFile[] = [];
    for (const [name, data] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const hash = sha256(data);
      const path = this.blobPath(hash);
      if (!existsSync(path)) atomicWrite(path, data);
      out.push({ name, sha256: hash, size: data.length, path });
    }
    const entry: CacheEntry = { key, files: out, meta };
    atomicWrite(this.entryPath(key), JSON.stringify({ ...entry, files: out.map(({ path: _, ...f }) => f) }, null, 1));
    return entry;
  }

  drop(key: string): void {
    rmSync(this.entryPath(key), { force: true });
  }
}

function atomicWrite(path: string, data: Uint8Array | string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
