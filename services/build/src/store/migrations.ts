/** Schema of build.db; migrations[i] moves version i to i+1 (see openDatabase in the runtime). */
export const MIGRATIONS = [
  `CREATE TABLE jobs (
     id TEXT PRIMARY KEY,
     recipe TEXT NOT NULL,
     params TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed-out')),
     step TEXT NOT NULL DEFAULT '',
     percent INTEGER NOT NULL DEFAULT 0,
     bytes INTEGER NOT NULL DEFAULT 0,
     cache_hit INTEGER NOT NULL DEFAULT 0,
     cache_key TEXT NOT NULL DEFAULT '',
     artifacts TEXT NOT NULL DEFAULT '[]',
     error TEXT NOT NULL DEFAULT '',
     created_at INTEGER NOT NULL,
     started_at INTEGER NOT NULL DEFAULT 0,
     finished_at INTEGER NOT NULL DEFAULT 0,
     timeout_seconds INTEGER NOT NULL,
     publish_prefix TEXT NOT NULL DEFAULT '',
     no_cache INTEGER NOT NULL DEFAULT 0,
     revision INTEGER NOT NULL
   );
   CREATE INDEX jobs_revision ON jobs (revision);`,
];
