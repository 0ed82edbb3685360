/** Who may fetch a boot file: anyone (TFTP too), admins, or the one node owning it. */
export type FileAccess = 'public' | 'admin' | 'node';

/** A boot script template as stored. */
export interface Script {
  name: string;
  body: string;
  description: string;
}

/** A boot file's record: where its bytes are is the file store's business (blobs by SHA-256). */
export interface StoredFile {
  name: string;
  size: number;
  sha256: string;
  access: FileAccess;
  /** The owner of a node file; '' otherwise. */
  nodeMac: string;
  updatedAt: number;
}

/**
 * Where boot rules, scripts and file records live: boot.db by default, or etcd for several
 * servers on one site. Plain rows in and out; validation is the config and file stores' (one
 * place for both backends). Rules are kept as their JSON text, as parsed by `parseRule`.
 */
export interface BootRows {
  ruleBodies(): string[];
  putRule(name: string, body: string): void;
  /** False when there was none. */
  deleteRule(name: string): boolean;
  scripts(): Script[];
  script(name: string): Script | undefined;
  putScript(s: Script): void;
  deleteScript(name: string): boolean;
  /** Every file record, by name. */
  files(): StoredFile[];
  file(name: string): StoredFile | undefined;
  /** Writes the record; with `replaces`, removes that name in the same transaction (a rename). */
  putFile(f: StoredFile, replaces?: string): void;
  deleteFile(name: string): boolean;
  /** Whether any record names this content (so its blob must stay). */
  usesBlob(sha256: string): boolean;
  /**
   * Moves whenever a row changes, on any server sharing the rows: a cache compares it to know
   * when to load again (constant where one server owns the rows).
   */
  mark(): string;
  /** Calls `onChange` when the mark may have moved (an etcd watch on it), and once at the start. */
  watch?(onChange: () => void): void;
}
