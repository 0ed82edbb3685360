import { seedDefaults } from './config-store.ts';

/** boot.db migrations (services/runtime store.ts: index i moves the schema from version i to i+1). */
export const BOOT_MIGRATIONS = [
  `CREATE TABLE files (
     name TEXT PRIMARY KEY,
     size INTEGER NOT NULL,
     sha256 TEXT NOT NULL,
     access TEXT NOT NULL CHECK (access IN ('public', 'admin', 'node')),
     node_mac TEXT NOT NULL DEFAULT '',
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE rules (name TEXT PRIMARY KEY, body TEXT NOT NULL);
   CREATE TABLE scripts (name TEXT PRIMARY KEY, body TEXT NOT NULL, description TEXT NOT NULL DEFAULT '');`,
  seedDefaults,
];

/**
 * boot-events.db, apart from boot.db so it can run with synchronous=NORMAL: an event lost to a
 * power cut costs nothing, while a sync per TFTP transfer would cost real time.
 */
export const EVENT_MIGRATIONS = [
  `-- AUTOINCREMENT: revisions are never reused, even after pruning, so a watcher resumes safely.
   CREATE TABLE events (
     revision INTEGER PRIMARY KEY AUTOINCREMENT,
     time INTEGER NOT NULL,
     mac TEXT NOT NULL,
     ip TEXT NOT NULL,
     kind TEXT NOT NULL,
     file TEXT NOT NULL,
     bytes INTEGER NOT NULL,
     duration_ms INTEGER NOT NULL,
     detail TEXT NOT NULL,
     rule TEXT NOT NULL
   );
   CREATE INDEX events_by_mac ON events (mac, revision);`,
  // What a booted system sent with its phone-home (its hardware facts, for the inventory).
  `ALTER TABLE events ADD COLUMN report TEXT NOT NULL DEFAULT '';`,
];
