/**
 * The scanner's SQLite schema, one step per entry (see the runtime's openDatabase). Scans, port
 * scans and wakes are kept as JSON records of their API form, keyed by id and time; nodes get
 * columns; every watched change goes to `events`, whose revision is the one clients resume from.
 */
export const SCANNER_MIGRATIONS: string[] = [
  `
  CREATE TABLE nodes (
    mac TEXT PRIMARY KEY,
    ips TEXT NOT NULL,
    online INTEGER NOT NULL,
    conflict INTEGER NOT NULL,
    first_seen_ms INTEGER NOT NULL,
    last_seen_ms INTEGER NOT NULL
  );
  CREATE TABLE open_ports (
    ip TEXT NOT NULL,
    port INTEGER NOT NULL,
    protocol INTEGER NOT NULL,
    service TEXT NOT NULL,
    seen_ms INTEGER NOT NULL,
    PRIMARY KEY (ip, port, protocol)
  );
  CREATE TABLE records (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    started_ms INTEGER NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (kind, id)
  );
  CREATE INDEX records_by_time ON records (kind, started_ms DESC);
  CREATE TABLE events (
    revision INTEGER PRIMARY KEY AUTOINCREMENT,
    stream TEXT NOT NULL,
    payload TEXT NOT NULL
  );
  CREATE INDEX events_by_stream ON events (stream, revision);
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
];
