import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Polls a file a client hook appends to until a line matches; the match, or an error with the text. */
export async function waitForLine(file: string, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {}
    const m = pattern.exec(text);
    if (m) return m;
    if (Date.now() > deadline)
      throw new Error(`no line matching ${pattern} in ${file} after ${timeoutMs} ms:\n${text}`);
    await sleep(100);
  }
}

/** Polls until `probe` returns true. */
export async function eventually(probe: () => Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what} not met after ${timeoutMs} ms`);
    await sleep(100);
  }
}
