/**
 * Where vendor data comes from, and how it is replaced without a new release: each registry
 * file is read from the data dir's copy when one was installed (`paddock scanner vendors update`)
 * and from Debian's ieee-data otherwise, so `apt upgrade ieee-data` helps too.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseRegistryCsv, type RegistryEntry } from './registry-csv.ts';
import { VendorDb } from './vendor-db.ts';

export const SYSTEM_VENDOR_DIR = '/usr/share/ieee-data';

/** The IEEE / ieee-data file names and the registry each must hold. */
export const VENDOR_FILES: Readonly<Record<string, string>> = {
  'oui.csv': 'MA-L',
  'mam.csv': 'MA-M',
  'oui36.csv': 'MA-S',
  'iab.csv': 'IAB',
};

export interface VendorSourceInfo {
  registry: string;
  path: string;
  prefixes: number;
  modifiedMs: number;
}

export interface LoadedVendors {
  db: VendorDb;
  sources: VendorSourceInfo[];
}

/** Loads every registry file found, each from the first directory that has it. */
export function loadVendors(dirs: readonly string[]): LoadedVendors {
  const db = new VendorDb();
  const sources: VendorSourceInfo[] = [];
  for (const [name, registry] of Object.entries(VENDOR_FILES)) {
    const path = dirs.map((d) => join(d, name)).find((p) => existsSync(p));
    if (!path) continue;
    const entries = checkedEntries(name, readFileSync(path));
    db.add(entries);
    sources.push({ registry, path, prefixes: entries.length, modifiedMs: statSync(path).mtimeMs });
  }
  return { db, sources };
}

/** Parses a registry file (plain or gzip), refusing one that holds another registry's prefixes. */
export function checkedEntries(name: string, content: Uint8Array): RegistryEntry[] {
  const registry = VENDOR_FILES[name];
  if (!registry) {
    throw new RangeError(
      `unknown vendor file ${JSON.stringify(name)}: expected one of ${Object.keys(VENDOR_FILES).join(', ')}`,
    );
  }
  const gzip = content[0] === 0x1f && content[1] === 0x8b;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: false }).decode(gzip ? gunzipSync(content) : content);
  } catch (err) {
    throw new RangeError(`${name}: not valid gzip: ${(err as Error).message}`);
  }
  let parsed: ReturnType<typeof parseRegistryCsv>;
  try {
    parsed = parseRegistryCsv(text);
  } catch (err) {
    throw new RangeError(`${name}: ${(err as Error).message}`);
  }
  const foreign = parsed.entries.find((e) => e.registry !== registry);
  if (foreign) throw new RangeError(`${name} must list ${registry} prefixes, but has a ${foreign.registry} row`);
  if (parsed.entries.length === 0) throw new RangeError(`${name} lists no ${registry} prefixes`);
  return parsed.entries;
}

/** Checks every file first, then writes them all (each atomically) into `dir`. */
export function installVendorFiles(dir: string, files: ReadonlyArray<{ name: string; content: Uint8Array }>): void {
  if (files.length === 0) throw new RangeError('no vendor files given');
  const checked = files.map((f) => ({ name: f.name, entries: checkedEntries(f.name, f.content), content: f.content }));
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  for (const f of checked) {
    const plain = f.content[0] === 0x1f && f.content[1] === 0x8b ? gunzipSync(f.content) : f.content;
    const tmp = join(dir, `.${f.name}.tmp`);
    writeFileSync(tmp, plain);
    renameSync(tmp, join(dir, f.name));
  }
}
