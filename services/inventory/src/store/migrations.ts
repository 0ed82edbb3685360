/**
 * The inventory database's schema, one step per version (see the runtime's openDatabase).
 * A node is kept whole as JSON beside the columns that must be unique or looked up (name,
 * MACs), so the model can grow without a migration per field.
 */
export const MIGRATIONS: string[] = [
  `CREATE TABLE nodes (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     revision INTEGER NOT NULL,
     doc TEXT NOT NULL
   ) STRICT;
   CREATE TABLE nics (
     mac TEXT PRIMARY KEY,
     node_id TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE
   ) STRICT;
   CREATE INDEX nics_node ON nics(node_id);
   CREATE TABLE changes (
     revision INTEGER PRIMARY KEY,
     kind TEXT NOT NULL,
     doc TEXT NOT NULL
   ) STRICT;
   CREATE TABLE cursors (
     feed TEXT PRIMARY KEY,
     revision INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE meta (
     key TEXT PRIMARY KEY,
     value INTEGER NOT NULL
   ) STRICT;
   INSERT INTO meta (key, value) VALUES ('revision', 0), ('compacted', 0);`,
];
