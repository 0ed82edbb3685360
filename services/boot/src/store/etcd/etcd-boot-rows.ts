import { type KeyValue, prefixEnd, type SyncEtcd } from '@paddock/etcd';
import { z } from 'zod';
import type { BootRows, Script, StoredFile } from '../boot-rows.ts';
import { DEFAULT_RULES, DEFAULT_SCRIPT } from '../defaults.ts';

/**
 * Where boot rows live under a site's prefix:
 *   boot/seeded           written with the defaults, once, so deleting a default sticks
 *   boot/changed          rewritten by every change: each server watches it
 *   boot/rules/<name>     the rule's JSON, as parseRule reads it
 *   boot/scripts/<name>   {"body":…,"description":…}
 *   boot/files/<name>     a file's record (its bytes stay in each server's data dir)
 */
export function bootKeys(prefix: string) {
  const p = `${prefix}boot/`;
  const dir = (d: string) => ({ key: `${p}${d}/`, end: prefixEnd(`${p}${d}/`) });
  return {
    seeded: `${p}seeded`,
    changed: `${p}changed`,
    rule: (n: string) => `${p}rules/${n}`,
    rules: dir('rules'),
    script: (n: string) => `${p}scripts/${n}`,
    scripts: dir('scripts'),
    file: (n: string) => `${p}files/${n}`,
    files: dir('files'),
  };
}

const scriptSchema = z.object({ body: z.string(), description: z.string() });
const fileSchema = z.object({
  name: z.string().min(1),
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  access: z.enum(['public', 'admin', 'node']),
  nodeMac: z.string(),
  updatedAt: z.number(),
});

/**
 * Boot rows in etcd, shared by a site's servers. Each change is one transaction that also
 * rewrites `boot/changed`, whose mod revision is the mark every server's cache watches. Rows are
 * last-writer-wins, as in boot.db: a rule or script is one whole value, never merged.
 */
export class EtcdBootRows implements BootRows {
  readonly #etcd: SyncEtcd;
  readonly #k: ReturnType<typeof bootKeys>;
  readonly #onDamaged: (key: string, reason: string) => void;
  damaged = 0;

  constructor(etcd: SyncEtcd, prefix: string, onDamaged: (key: string, reason: string) => void = () => {}) {
    this.#etcd = etcd;
    this.#k = bootKeys(prefix);
    this.#onDamaged = onDamaged;
    // The defaults once per site, create-only: two first starts seed them once.
    this.#write(
      [
        { key: this.#k.seeded, value: String(Date.now()) },
        ...DEFAULT_RULES.map((r) => ({ key: this.#k.rule(r.name), value: JSON.stringify(r) })),
        { key: this.#k.script(DEFAULT_SCRIPT.name), value: scriptValue(DEFAULT_SCRIPT) },
      ],
      [],
      [{ key: this.#k.seeded, mod: '0' }],
    );
  }

  ruleBodies(): string[] {
    return this.#etcd.read([this.#k.rules])[0]!.flatMap((kv) => {
      try {
        JSON.parse(kv.value);
        return [kv.value];
      } catch {
        return this.#damage(kv.key, 'not JSON') ?? [];
      }
    });
  }

  putRule(name: string, body: string): void {
    this.#write([{ key: this.#k.rule(name), value: body }]);
  }

  deleteRule(name: string): boolean {
    return this.#delete(this.#k.rule(name));
  }

  scripts(): Script[] {
    return this.#etcd.read([this.#k.scripts])[0]!.flatMap((kv) => this.#script(kv) ?? []);
  }

  script(name: string): Script | undefined {
    const kv = this.#etcd.read([{ key: this.#k.script(name) }])[0]![0];
    return kv && this.#script(kv);
  }

  putScript(s: Script): void {
    this.#write([{ key: this.#k.script(s.name), value: scriptValue(s) }]);
  }

  deleteScript(name: string): boolean {
    return this.#delete(this.#k.script(name));
  }

  files(): StoredFile[] {
    return this.#etcd.read([this.#k.files])[0]!.flatMap((kv) => this.#file(kv) ?? []);
  }

  file(name: string): StoredFile | undefined {
    const kv = this.#etcd.read([{ key: this.#k.file(name) }])[0]![0];
    return kv && this.#file(kv);
  }

  putFile(f: StoredFile, replaces?: string): void {
    const gone = replaces !== undefined && replaces !== f.name ? [{ key: this.#k.file(replaces) }] : [];
    this.#write([{ key: this.#k.file(f.name), value: JSON.stringify(f) }], gone);
  }

  deleteFile(name: string): boolean {
    return this.#delete(this.#k.file(name));
  }

  usesBlob(sha256: string): boolean {
    return this.files().some((f) => f.sha256 === sha256);
  }

  mark(): string {
    return this.#etcd.read([{ key: this.#k.changed }])[0]![0]?.mod ?? '0';
  }

  watch(onChange: () => void): void {
    this.#etcd.watch(this.#k.changed, onChange);
  }

  #write(
    puts: { key: string; value: string }[],
    deletes: { key: string }[] = [],
    compares: { key: string; mod: string }[] = [],
  ): boolean {
    const changed = { key: this.#k.changed, value: String(Date.now()) };
    return this.#etcd.txn({ compares, puts: [...puts, changed], deletes });
  }

  #delete(key: string): boolean {
    const kv = this.#etcd.read([{ key }])[0]![0];
    // Guarded by the value read: "false" means nobody had it, never that a race hid it.
    return kv !== undefined && this.#write([], [{ key }], [{ key, mod: kv.mod }]);
  }

  #script(kv: KeyValue): Script | undefined {
    const r = parse(scriptSchema, kv.value);
    return 'error' in r ? this.#damage(kv.key, r.error) : { name: kv.key.slice(this.#k.scripts.key.length), ...r };
  }

  #file(kv: KeyValue): StoredFile | undefined {
    const r = parse(fileSchema, kv.value);
    return 'error' in r ? this.#damage(kv.key, r.error) : r;
  }

  #damage(key: string, reason: string): undefined {
    this.damaged++;
    this.#onDamaged(key, reason);
    return undefined;
  }
}

function parse<T>(schema: z.ZodType<T>, text: string): T | { error: string } {
  try {
    const r = schema.safeParse(JSON.parse(text));
    return r.success ? r.data : { error: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  } catch {
    return { error: 'not JSON' };
  }
}

/** A script as stored: its name is the key, so the value holds the rest. */
const scriptValue = (s: Script) => JSON.stringify({ body: s.body, description: s.description });
