/** Schema of overlay.db; migrations[i] moves version i to i+1 (see openDatabase in the runtime). */
export const MIGRATIONS = [
  // One row per topology item (network, member, link, path), keyed by what it is; a deleted item
  // stays as a tombstone so a watcher resuming from an older revision learns it is gone.
  `CREATE TABLE items (
     key TEXT PRIMARY KEY,
     revision INTEGER NOT NULL UNIQUE,
     body BLOB NOT NULL
   );`,
];
