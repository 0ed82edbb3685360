import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RunInfo } from './client.ts';

export const runFilePath = (dataDir: string, name: string) => join(dataDir, 'run', `${name}.json`);
/** The server's local socket (commands on this machine), beside its run file. */
export const localSocketPath = (dataDir: string, name: string) => join(dataDir, 'run', `${name}.sock`);

/** Written whole, then renamed into place: a reader never sees half a file. */
export function writeRunFile(file: string, run: RunInfo): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(run, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export function removeRunFile(file: string): void {
  rmSync(file, { force: true });
}
