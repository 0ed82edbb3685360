/** Schema of keys.db; migrations[i] moves version i to i+1 (see openDatabase in the runtime). */
export const MIGRATIONS = [
  `CREATE TABLE tokens (
     id TEXT PRIMARY KEY,
     hash TEXT NOT NULL UNIQUE,
     node TEXT NOT NULL,
     addresses TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('live', 'used', 'revoked')),
     used_at INTEGER,
     outcome TEXT NOT NULL DEFAULT ''
   );
   CREATE INDEX tokens_node ON tokens (node);
   CREATE TABLE certs (
     serial TEXT PRIMARY KEY,
     kind TEXT NOT NULL CHECK (kind IN ('x509', 'ssh-host', 'ssh-user')),
     role TEXT NOT NULL,
     subject TEXT NOT NULL,
     principals TEXT NOT NULL,
     public_key TEXT NOT NULL,
     not_before INTEGER NOT NULL,
     not_after INTEGER NOT NULL,
     issued_at INTEGER NOT NULL,
     token_id TEXT NOT NULL DEFAULT '',
     revoked_at INTEGER,
     revoke_reason TEXT NOT NULL DEFAULT ''
   );
   CREATE INDEX certs_subject ON certs (subject);`,
];
