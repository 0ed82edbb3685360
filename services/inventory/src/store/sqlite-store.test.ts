import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@paddock/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, SqliteStore } from './sqlite-store.ts';
import { CHANGE_LOG_LIMIT } from './store.ts';
import { storeContract, testNode } from './store-contract.ts';

describe('SqliteStore', () => {
  storeContract(() => new SqliteStore(openDatabase(':memory:', { migrations: MIGRATIONS })));

  const dir = mkdtempSync(join(tmpdir(), 'inventory-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps nodes, revisions and cursors across a reopen', () => {
    const file = join(dir, 'inventory.db');
    const db = openDatabase(file, { migrations: MIGRATIONS, synchronous: 'NORMAL' });
    new SqliteStore(db).commit({
      writes: [{ kind: 'put', node: testNode('a', 'alpha', ['52:54:00:00:00:01']), create: true }],
      cursor: { feed: 'scanner', revision: 12n },
    });
    db.close();
    const again = new SqliteStore(openDatabase(file, { migrations: MIGRATIONS }));
    expect(again.find('52:54:00:00:00:01')).toMatchObject({ name: 'alpha', revision: 1n, labels: { rack: '1' } });
    expect(again.cursor('scanner')).toBe(12n);
    expect(again.list().revision).toBe(1n);
  });

  it('forgets the oldest changes past the limit, and says so to an old watcher', () => {
    const s = new SqliteStore(openDatabase(':memory:', { migrations: MIGRATIONS }));
    s.commit({ writes: [{ kind: 'put', node: testNode('a', 'alpha'), create: true }] });
    const writes = Array.from({ length: CHANGE_LOG_LIMIT + 5 }, (_, i) => ({
      kind: 'put' as const,
      node: { ...testNode('a', 'alpha'), description: String(i) },
    }));
    s.commit({ writes });
    expect(s.changesSince(1n)).toBeUndefined();
    const last = s.list().revision;
    expect(s.changesSince(last - 3n)?.map((c) => c.node.description)).toEqual(
      [2, 1, 0].map((k) => String(CHANGE_LOG_LIMIT + 4 - k)),
    );
  });
});
