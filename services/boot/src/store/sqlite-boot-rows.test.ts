import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@paddock/runtime';
import { afterAll, describe } from 'vitest';
import { bootRowsContract } from './boot-rows-contract.ts';
import { BOOT_MIGRATIONS } from './schema.ts';
import { SqliteBootRows } from './sqlite-boot-rows.ts';

describe('SqliteBootRows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paddock-boot-sqlite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  bootRowsContract(() => {
    const file = join(dir, `boot-${n++}.db`);
    return { open: () => new SqliteBootRows(openDatabase(file, { migrations: BOOT_MIGRATIONS })) };
  });
});
