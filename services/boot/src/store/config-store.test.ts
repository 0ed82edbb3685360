import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@paddock/runtime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore } from './config-store.ts';
import { BOOT_MIGRATIONS } from './schema.ts';
import { SqliteBootRows } from './sqlite-boot-rows.ts';

describe('ConfigStore', () => {
  let dir: string;
  const open = () =>
    new ConfigStore(new SqliteBootRows(openDatabase(join(dir, 'boot.db'), { migrations: BOOT_MIGRATIONS })));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'paddock-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts with the defaults that chainload iPXE and then run the default script', () => {
    const c = open();
    expect(c.rules().map((r) => r.name)).toEqual(['ipxe-default-script', 'bios-ipxe', 'uefi-x64-ipxe']);
    expect(c.script('default')?.body).toMatch(/^#!ipxe\n/);
  });

  it('keeps changes across a restart, and deleted defaults stay deleted', () => {
    const c = open();
    c.putScript({ name: 'install', body: '#!ipxe\nchain {{#file}}x{{/file}}\n', description: '' });
    c.putRule({
      name: 'worker',
      priority: 1,
      match: { macs: ['52:54:00:*'] },
      action: { kind: 'script', script: 'install' },
    });
    c.deleteRule('bios-ipxe');
    const again = open();
    expect(again.rules().map((r) => r.name)).toEqual(['worker', 'ipxe-default-script', 'uefi-x64-ipxe']);
  });

  it('refuses a rule naming a missing script, a script in use, and bad templates', () => {
    const c = open();
    expect(() => c.putRule({ name: 'x', action: { kind: 'script', script: 'nope' } })).toThrow(/does not exist/);
    expect(() => c.putRule({ name: 'X', action: { kind: 'ignore' } })).toThrow(/rule name/);
    expect(() => c.deleteScript('default')).toThrow(/used by rule ipxe-default-script/);
    expect(() => c.putScript({ name: 'bad', body: '#!ipxe\n{{{token}}}', description: '' })).toThrow(/unescaped/);
    expect(() => c.deleteRule('nope')).toThrow(/no rule named/);
  });
});
