import { join } from 'node:path';
import type { DebInput } from './deb-inputs.ts';
import { runPackaged } from './run-packaged.ts';

export interface FatImage {
  /** The image file to make. */
  path: string;
  bytes: number;
  label: string;
  /** The FAT volume id (8 hex digits): fixed, for reproducible output. */
  volumeId: string;
  dirs: string[];
  /** [local file, path inside the image as mtools writes it, `::/…`]. */
  files: [string, string][];
}

/**
 * The environment mtools runs in from its unpacked package: its own binaries first on PATH (the
 * SYSLINUX installer runs mcopy from there too), the drive check off, and `extra` (dates).
 */
export function mtoolsEnv(inputs: DebInput[], extra: Record<string, string> = {}): Record<string, string> {
  const mtoolsRoot = inputs.find((i) => i.name === 'mtools')!.root;
  return { MTOOLS_SKIP_CHECK: '1', PATH: `${join(mtoolsRoot, 'usr/bin')}:/usr/bin:/bin`, ...extra };
}

/**
 * A FAT file system in a plain file, made with Debian's dosfstools and mtools run from their
 * unpacked packages (`inputs` must hold both): no loop device, no mount, no root. `--invariant`
 * and `mcopy -m` keep the bytes the same for the same files.
 */
export function makeFatImage(inputs: DebInput[], f: FatImage, extra: Record<string, string> = {}): void {
  const env = mtoolsEnv(inputs, extra);
  // biome-ignore format: flag and value pairs read best side by side
  runPackaged(inputs, 'dosfstools', 'sbin/mkfs.fat', [
    '--invariant', '-i', f.volumeId, '-n', f.label, '-C', f.path, String(f.bytes / 1024),
  ], env);
  const mtools = (cmd: string, args: string[]) =>
    runPackaged(inputs, 'mtools', 'usr/bin/mtools', ['-c', cmd, '-i', f.path, ...args], env);
  if (f.dirs.length > 0) mtools('mmd', f.dirs);
  for (const [from, to] of f.files) mtools('mcopy', ['-m', from, to]);
}
