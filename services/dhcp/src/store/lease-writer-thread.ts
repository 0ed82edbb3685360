/**
 * The writer thread (worker_threads): owns one SQLite connection to dhcp.db and commits each
 * batch it is sent in one transaction with synchronous=FULL, then says so. See lease-writer.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { type LeaseTuple, UPSERT_LEASE } from './lease-row-codec.ts';

const db = new Database(workerData.file as string);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
const upsert = db.prepare(UPSERT_LEASE);
const commit = db.transaction((rows: LeaseTuple[]) => {
  for (const r of rows) upsert.run(...r);
});

parentPort!.on('message', (msg: { id: number; rows: string } | 'close') => {
  if (msg === 'close') {
    db.close();
    parentPort!.close();
    return;
  }
  try {
    commit(JSON.parse(msg.rows) as LeaseTuple[]);
    parentPort!.postMessage({ id: msg.id, ok: true });
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, ok: false, error: (err as Error).message });
  }
});
