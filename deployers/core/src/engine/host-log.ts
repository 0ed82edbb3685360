import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** One log file per host (`<dir>/<host>.log`): every command, its output and every step outcome. */
export function hostLogger(dir: string | undefined, host: string): (line: string) => void {
  if (!dir) return () => {};
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${host}.log`);
  return (line) => appendFileSync(file, `${new Date().toISOString()} ${line.replace(/\n+$/, '')}\n`);
}
