import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@paddock/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { compose, sharedKeys, upConfigSchema } from './compose.ts';

const CLI = join(import.meta.dirname, '..', '..', 'bin', 'paddock.js');
const dir = mkdtempSync(join(tmpdir(), 'pdk-up-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real CLI from the sources with a clean PADDOCK_* environment. */
function paddock(args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PADDOCK_')));
  return spawnSync(process.execPath, [CLI, ...args], {
    env: { ...clean, PADDOCK_FROM_SOURCE: '1', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

function yaml(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('paddock up configuration', () => {
  it('refuses a misspelled YAML key, naming it, instead of starting without subnets', () => {
    const file = yaml('typo.yaml', 'interface: lo\nsubnts:\n  - id: lan\n    cidr: 10.9.0.0/24\n');
    const r = paddock(['up', '--insecure', '--data-dir', join(dir, 'typo'), '--config', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown key subnts');
    expect(r.stderr).toContain(file);
  });

  it('refuses an unknown key under `paddock dhcp serve` too', () => {
    const file = yaml('dhcp.yaml', 'interface: [lo]\nleese-time: 600\n');
    const r = paddock(['dhcp', 'serve', '--insecure', '--data-dir', join(dir, 'dhcp'), '--config', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown key leese-time');
  });

  it('reads --boot-interface from PADDOCK_BOOT_INTERFACE and --interface from PADDOCK_INTERFACE', () => {
    const c = loadConfig(upConfigSchema, { env: { PADDOCK_INTERFACE: 'lan0', PADDOCK_BOOT_INTERFACE: 'pxe0' } });
    expect([c.interface, c.bootInterface]).toEqual(['lan0', 'pxe0']);
    const r = paddock(['up', '--insecure', '--data-dir', join(dir, 'env')], { PADDOCK_BOOT_INTERFACE: 'nosuch0' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--boot-interface: .*nosuch0/);
  });

  it('gives no two services the same key', () => {
    expect(sharedKeys()).toEqual([]);
    expect(
      sharedKeys({ a: { subnets: upConfigSchema.shape.subnets }, b: { subnets: upConfigSchema.shape.subnets } }),
    ).toEqual(['subnets (a, b)']);
  });

  it('runs DHCP only when given an interface, and every service as one handle shape', () => {
    const base = loadConfig(upConfigSchema, { env: {} });
    const names = compose(base).map((s) => s.name);
    expect(names).toEqual(['keys', 'boot', 'scanner', 'inventory', 'build', 'overlay', 'deploy', 'cluster']);
    for (const s of compose(base)) expect(typeof s.factory).toBe('function');
  });

  it('reads the crowning controller from --crown and PADDOCK_CROWN_*, refusing a bad count by its key', () => {
    const c = loadConfig(upConfigSchema, {
      flags: { crown: 'role=k3s' },
      env: { PADDOCK_CROWN_MASTERS: '5', PADDOCK_CROWN_HOSTS: 'w9=10.0.0.9' },
    });
    expect([c.crown, c.crownHosts, c.crownMasters, c.crownGrace, c.crownCluster]).toEqual([
      'role=k3s',
      'w9=10.0.0.9',
      5,
      30,
      'paddock',
    ]);
    expect(compose(c).map((s) => s.name)).toContain('deploy');
    expect(() => loadConfig(upConfigSchema, { flags: { crownMasters: '12' } })).toThrow(/crown-?masters/i);
  });
});
