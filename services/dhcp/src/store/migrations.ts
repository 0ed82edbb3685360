/**
 * The schema of `<data-dir>/dhcp.db`, one step per version (runtime's openDatabase applies
 * them in order, each in its own transaction). Never edit a released step; add one.
 */
export const MIGRATIONS: string[] = [
  `CREATE TABLE lease (
     address INTEGER PRIMARY KEY,
     client_key TEXT NOT NULL,
     mac TEXT NOT NULL,
     client_id TEXT NOT NULL,
     hostname TEXT NOT NULL,
     subnet_id TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('bound', 'released', 'expired', 'declined')),
     starts_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     revision INTEGER NOT NULL,
     relay TEXT NOT NULL,
     interface TEXT NOT NULL,
     vendor_class TEXT NOT NULL,
     architecture INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX lease_revision ON lease (revision);
   CREATE TABLE subnet (id TEXT PRIMARY KEY, doc TEXT NOT NULL, file_hash TEXT) STRICT;
   CREATE TABLE reservation (id TEXT PRIMARY KEY, doc TEXT NOT NULL, file_hash TEXT) STRICT;`,
];
