import type { Db } from '@paddock/runtime';
import { NodeTable } from './node-table.ts';
import { RecordTable } from './records.ts';
import type { ScannerRows, ScannerStore } from './scanner-store.ts';

/** The scanner's state in its SQLite database (the data dir's scanner.db). */
export function sqliteScannerStore(db: Db): ScannerStore {
  const nodes = new NodeTable(db);
  return {
    nodes,
    records: (kind, keep) => new RecordTable(db, kind, keep),
    rows: () => ({
      nodes: [...nodes.all().values()].sort((a, b) => (a.mac < b.mac ? -1 : 1)),
      ports: nodes.ports(),
      records: (
        db.prepare('SELECT kind, id, started_ms, record FROM records ORDER BY kind, id').all() as Array<{
          kind: string;
          id: string;
          started_ms: number;
          record: string;
        }>
      ).map((r) => ({ kind: r.kind, id: r.id, startedMs: r.started_ms, record: JSON.parse(r.record) })),
    }),
    restore(rows: ScannerRows) {
      db.transaction(() => {
        nodes.save(rows.nodes);
        nodes.putPorts(rows.ports);
        for (const r of rows.records) new RecordTable(db, r.kind).put(r.id, r.startedMs, r.record);
      })();
    },
    close: () => {},
  };
}
