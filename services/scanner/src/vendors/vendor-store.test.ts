import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { VendorStore } from './vendor-store.ts';

const HEADER = 'Registry,Assignment,Organization Name,Organization Address\n';
const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'vendor-store-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('VendorStore', () => {
  it('uses an update at once and keeps it over the system files after a restart', () => {
    const [dataDir, system] = [temp(), temp()];
    writeFileSync(join(system, 'oui.csv'), `${HEADER}MA-L,001B21,Intel Corporate,\n`);
    const store = new VendorStore(dataDir, system);
    expect(store.db.lookup('00:1b:21:00:00:01').organization).toBe('Intel Corporate');
    store.update([{ name: 'oui.csv', content: gzipSync(`${HEADER}MA-L,001B21,Renamed Inc.,\nMA-L,ACBBCC,New Co,\n`) }]);
    expect(store.db.lookup('00:1b:21:00:00:01').organization).toBe('Renamed Inc.');
    const restarted = new VendorStore(dataDir, system);
    expect(restarted.db.lookup('ac:bb:cc:00:00:01').organization).toBe('New Co');
    expect(restarted.sourceMessages()).toEqual([
      expect.objectContaining({ registry: 'MA-L', path: join(dataDir, 'scanner-vendors', 'oui.csv'), prefixes: 2 }),
    ]);
  });

  it('refuses a bad update and keeps serving the data it had', () => {
    const [dataDir, system] = [temp(), temp()];
    writeFileSync(join(system, 'oui.csv'), `${HEADER}MA-L,001B21,Intel Corporate,\n`);
    const store = new VendorStore(dataDir, system);
    expect(() => store.update([{ name: 'oui.csv', content: new TextEncoder().encode('garbage') }])).toThrow(
      /not an IEEE registry listing/,
    );
    expect(store.db.lookup('00:1b:21:00:00:01').organization).toBe('Intel Corporate');
  });
});
