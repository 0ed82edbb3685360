import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureDataDir } from './data-dir.ts';

// Refusals are seen only by an unprivileged user (root may write anywhere): services/cli's
// start-errors test runs paddock as nobody on a root-owned dir.
let base: string;
afterEach(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

describe('the data dir', () => {
  it('is made 0700 when missing', () => {
    base = mkdtempSync(join(tmpdir(), 'paddock-datadir-'));
    const dir = join(base, 'a', 'data');
    ensureDataDir(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});
