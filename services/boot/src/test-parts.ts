/** The parts deciding a boot answer reads, over a fresh temporary store, for tests of policy and scripts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@paddock/runtime';
import { EventLog } from './events/event-log.ts';
import { Neighbours } from './neighbours.ts';
import type { NodesPart } from './parts.ts';
import type { Answering } from './provider.ts';
import { UrlSigner } from './signer.ts';
import { ConfigStore } from './store/config-store.ts';
import { BOOT_MIGRATIONS, EVENT_MIGRATIONS } from './store/schema.ts';
import { SqliteBootRows } from './store/sqlite-boot-rows.ts';

export function testParts(nodeFor: NodesPart['nodeFor'] = () => undefined): { deps: Answering; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'paddock-boot-deps-'));
  const db = openDatabase(join(dir, 'boot.db'), { migrations: BOOT_MIGRATIONS });
  const deps: Answering = {
    config: new ConfigStore(new SqliteBootRows(db)),
    events: new EventLog(openDatabase(':memory:', { migrations: EVENT_MIGRATIONS })),
    neighbours: new Neighbours(() => ''),
    urls: { base: 'http://10.0.0.1:8080', signer: new UrlSigner(new Uint8Array(32).fill(2)), ttlSeconds: 60 },
    tftpAddress: '10.0.0.1',
    nodeFor,
  };
  return { deps, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
