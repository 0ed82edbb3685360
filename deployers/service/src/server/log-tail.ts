import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The last `lines` lines of a log file (at most its last 256 KiB are read); none when it is missing. */
export function logTail(file: string, lines: number): string[] {
  if (lines <= 0) return [];
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return [];
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, 256 * 1024);
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, size - length);
    const all = buf.toString('utf8').split('\n');
    if (all.at(-1) === '') all.pop();
    // A read that started mid-line drops the partial first line.
    if (length < size) all.shift();
    return all.slice(-lines);
  } finally {
    closeSync(fd);
  }
}
