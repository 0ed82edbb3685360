import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { BootRows } from './boot-rows.ts';
import { ConfigStore } from './config-store.ts';
import { FileStore } from './file-store.ts';

/** A store to test: `open()` again gives another view of the same rows (a restart, or a second server). */
export interface OpenRows {
  open(): BootRows;
}

/** The behaviour every BootRows must give the config and file stores; each backend's test file runs it. */
export function bootRowsContract(make: () => OpenRows): void {
  const dir = mkdtempSync(join(tmpdir(), 'paddock-boot-rows-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds the defaults once: a deleted default stays deleted for the next opener', () => {
    const store = make();
    const c = new ConfigStore(store.open());
    expect(c.rules().map((r) => r.name)).toEqual(['ipxe-default-script', 'bios-ipxe', 'uefi-x64-ipxe']);
    expect(c.script('default')?.body).toMatch(/^#!ipxe\n/);
    c.deleteRule('bios-ipxe');
    expect(new ConfigStore(store.open()).rules().map((r) => r.name)).toEqual(['ipxe-default-script', 'uefi-x64-ipxe']);
  });

  it('keeps rules and scripts whole, and refuses a missing rule or script by name', () => {
    const store = make();
    const c = new ConfigStore(store.open());
    c.putScript({ name: 'install', body: '#!ipxe\nchain {{#file}}x{{/file}}\n', description: 'install' });
    const rule = {
      name: 'worker',
      priority: 1,
      match: { macs: ['52:54:00:*'] },
      action: { kind: 'script', script: 'install' },
    };
    c.putRule(rule);
    const again = new ConfigStore(store.open());
    expect(again.rules()[0]).toMatchObject(rule);
    expect(again.scripts().map((s) => [s.name, s.description])).toEqual([
      ['default', expect.any(String)],
      ['install', 'install'],
    ]);
    expect(() => again.deleteRule('nope')).toThrow(/no rule named/);
    expect(() => again.deleteScript('nope')).toThrow(/no script named/);
    expect(() => again.deleteScript('install')).toThrow(/used by rule worker/);
  });

  it('a cache sees another opener’s change at its next refresh, and only then', () => {
    const store = make();
    const [a, b] = [new ConfigStore(store.open()), new ConfigStore(store.open())];
    a.putRule({ name: 'late', priority: 2, action: { kind: 'ignore' } });
    const refreshed = b.refresh();
    // One server owns SQLite's rows: nothing else changes them, so there is nothing to refresh.
    if (refreshed) expect(b.rules().map((r) => r.name)).toContain('late');
    expect(b.refresh()).toBe(false);
  });

  it('keeps file records with their hash, renames and deletes them, and knows which blobs are used', async () => {
    const store = make();
    const files = new FileStore(store.open(), join(dir, randomBytes(4).toString('hex')));
    const data = randomBytes(5000);
    const f = await files.write({ name: '/debian/vmlinuz', access: 'public' }, [data]);
    const sha256 = createHash('sha256').update(data).digest('hex');
    expect(f).toMatchObject({ name: 'debian/vmlinuz', size: 5000, sha256, access: 'public', nodeMac: '' });
    const other = store.open();
    expect(other.file('debian/vmlinuz')).toEqual(f);
    files.update('debian/vmlinuz', { newName: 'debian/linux', access: 'node', nodeMac: '52-54-00-00-00-01' });
    expect(other.files().map((x) => [x.name, x.access, x.nodeMac])).toEqual([
      ['debian/linux', 'node', '52:54:00:00:00:01'],
    ]);
    expect(other.usesBlob(sha256)).toBe(true);
    await files.delete('debian/linux');
    expect(other.files()).toEqual([]);
    expect(other.usesBlob(sha256)).toBe(false);
  });
}
