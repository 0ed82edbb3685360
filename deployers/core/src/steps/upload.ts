import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Step } from '../engine/types.ts';
import { compareFile, runOk, sh } from './shell.ts';

/** SHA-256 of a local file, streamed: a k3s binary or an images tarball is large. */
export function fileSha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('error', reject)
      .on('data', (b) => h.update(b))
      .on('end', () => resolve(h.digest('hex')));
  });
}

/**
 * A local file copied to the host byte for byte (streamed over the SSH connection, not held in
 * memory), compared by SHA-256 so an unchanged file is not sent again; written to a temporary
 * name and renamed, so a cut connection never leaves half a binary in place.
 */
export function uploadStep(o: { id: string; title?: string; local: string; path: string; mode?: string }): Step {
  let sum: Promise<string> | undefined;
  const want = () => {
    sum ??= fileSha256(o.local);
    return sum;
  };
  const mode = o.mode ?? '644';
  const p = sh(o.path);
  return {
    id: o.id,
    title: o.title ?? `copy ${o.path}`,
    check: ({ remote }) => compareFile(remote, o.path, want, mode),
    apply: async ({ remote }) => {
      const tmp = sh(`${o.path}.paddock-tmp`);
      await runOk(remote, `mkdir -p "$(dirname ${p})" && cat > ${tmp} && chmod ${mode} ${tmp} && mv -f ${tmp} ${p}`, {
        inputFile: o.local,
        timeoutMs: 30 * 60_000,
      });
    },
  };
}
