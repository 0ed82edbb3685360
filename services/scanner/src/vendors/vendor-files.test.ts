import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { checkedEntries, installVendorFiles, loadVendors } from './vendor-files.ts';

const HEADER = 'Registry,Assignment,Organization Name,Organization Address\n';
const enc = (s: string) => new TextEncoder().encode(s);
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'scanner-vendors-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('vendor files', () => {
  it('takes each file from the first directory that has it', () => {
    const [override, system] = [tempDir(), tempDir()];
    writeFileSync(join(system, 'oui.csv'), `${HEADER}MA-L,001B21,Old Name,\n`);
    writeFileSync(join(system, 'mam.csv'), `${HEADER}MA-M,741AE09,Block Holder,\n`);
    writeFileSync(join(override, 'oui.csv'), `${HEADER}MA-L,001B21,New Name,\n`);
    const { db, sources } = loadVendors([override, system]);
    expect(db.lookup('00:1b:21:00:00:01').organization).toBe('New Name');
    expect(db.lookup('74:1a:e0:90:00:01').organization).toBe('Block Holder');
    expect(sources.map((s) => [s.registry, s.path, s.prefixes])).toEqual([
      ['MA-L', join(override, 'oui.csv'), 1],
      ['MA-M', join(system, 'mam.csv'), 1],
    ]);
  });

  it('installs checked files (gzip accepted) and refuses the whole update when one is wrong', () => {
    const dir = tempDir();
    installVendorFiles(dir, [{ name: 'oui.csv', content: gzipSync(enc(`${HEADER}MA-L,001B21,Zipped,\n`)) }]);
    expect(readFileSync(join(dir, 'oui.csv'), 'utf8')).toContain('Zipped');
    expect(() =>
      installVendorFiles(dir, [
        { name: 'oui.csv', content: enc(`${HEADER}MA-L,001B21,Second,\n`) },
        { name: 'mam.csv', content: enc(`${HEADER}MA-L,001B21,Wrong registry,\n`) },
      ]),
    ).toThrow(/mam.csv must list MA-M prefixes/);
    expect(readFileSync(join(dir, 'oui.csv'), 'utf8')).toContain('Zipped');
  });

  it('names the problem with a bad file', () => {
    expect(() => checkedEntries('vendors.txt', enc(''))).toThrow(/unknown vendor file "vendors.txt"/);
    expect(() => checkedEntries('oui.csv', enc('hello'))).toThrow(/oui.csv: not an IEEE registry listing/);
    expect(() => checkedEntries('oui.csv', enc(HEADER))).toThrow(/lists no MA-L prefixes/);
    expect(() => checkedEntries('oui.csv', Uint8Array.of(0x1f, 0x8b, 1, 2))).toThrow(/not valid gzip/);
  });
});
