import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Progress } from './progress.ts';

/** Reads the progress file; a missing or unreadable one means "no unfinished run". */
export function readProgress(file: string): Progress | undefined {
  try {
    const p = JSON.parse(readFileSync(file, 'utf8')) as Progress;
    if (typeof p.fingerprint !== 'string' || typeof p.hosts !== 'object' || p.hosts === null) return undefined;
    return p;
  } catch {
    return undefined;
  }
}

/** Written to a temporary file and renamed, so a crash mid-write never leaves half a file. */
export function writeProgress(file: string, p: Progress): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(p, null, 2)}\n`);
  renameSync(tmp, file);
}
