/**
 * The vendor database a running service uses, and its replacement: files installed through
 * UpdateVendors go to `<data-dir>/scanner-vendors/` and are loaded at once; at start, those
 * win over the system's ieee-data.
 */
import { join } from 'node:path';
import type { VendorSource } from '@paddock/proto/scanner/v1/scanner.ts';
import type { VendorDb } from './vendor-db.ts';
import { installVendorFiles, type LoadedVendors, loadVendors, SYSTEM_VENDOR_DIR } from './vendor-files.ts';

export class VendorStore {
  readonly dir: string;
  readonly #dirs: string[];
  #loaded: LoadedVendors;

  constructor(dataDir: string, systemDir = SYSTEM_VENDOR_DIR) {
    this.dir = join(dataDir, 'scanner-vendors');
    this.#dirs = [this.dir, systemDir];
    this.#loaded = loadVendors(this.#dirs);
  }

  get db(): VendorDb {
    return this.#loaded.db;
  }

  update(files: ReadonlyArray<{ name: string; content: Uint8Array }>): void {
    installVendorFiles(this.dir, files);
    this.#loaded = loadVendors(this.#dirs);
  }

  sourceMessages(): VendorSource[] {
    return this.#loaded.sources.map((s) => ({
      registry: s.registry,
      path: s.path,
      prefixes: s.prefixes,
      modifiedUnixMs: BigInt(Math.round(s.modifiedMs)),
    }));
  }
}
