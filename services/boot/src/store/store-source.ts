import { open } from 'node:fs/promises';
import { descriptorFile, type FileSource } from '../tftp/file-source.ts';
import { resolveRequestPath } from '../tftp/paths.ts';
import type { FileStore } from './file-store.ts';

/**
 * TFTP's view of the store: public files only, by their stored name (TFTP has no credential, so
 * admin and node files are "not found", revealing nothing). Blobs are opened by content hash,
 * never by a requested path, so no name can reach outside the store.
 */
export function storeSource(files: FileStore): FileSource {
  return {
    async open(name) {
      const v = resolveRequestPath(name);
      if (!v.ok) return { ok: false, error: 'access-denied', reason: v.reason };
      const f = files.get(v.relative);
      if (f?.access !== 'public') return { ok: false, error: 'not-found', reason: 'no such public file' };
      let fh: Awaited<ReturnType<typeof open>>;
      try {
        // Bytes uploaded to another server of the site are fetched from it first (peer-bytes.ts).
        await files.hasBytes(f);
        fh = await open(files.blobPath(f), 'r');
      } catch (err) {
        return { ok: false, error: 'not-found', reason: `blob missing: ${(err as NodeJS.ErrnoException).code}` };
      }
      return { ok: true, file: descriptorFile(fh.fd, f.size, () => fh.close()) };
    },
  };
}
