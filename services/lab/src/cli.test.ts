import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LabState, LabSummary } from './cli-state.ts';
import { labDown } from './cli-state.ts';
import { listNetns } from './netns.ts';
import { run } from './run.ts';
import { labSkipReason } from './skip.ts';

const cli = new URL('./fixtures/lab-cli.ts', import.meta.url).pathname;
const stateDir = mkdtempSync(join(tmpdir(), 'pdk-lab-cli-'));
const name = `t${process.pid.toString(36)}`;
const paddockLab = (...args: string[]) =>
  run([process.execPath, cli, ...args], { env: { PADDOCK_LAB_STATE_DIR: stateDir } });

describe.skipIf(labSkipReason())('paddock lab', () => {
  afterAll(async () => {
    await labDown(name, stateDir).catch(() => {});
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('brings a lab up, runs commands in it, lists it and takes it down', async () => {
    const up = await paddockLab('up', '--name', name, '--hosts', '2', '--subnet', '10.98.0.0/24', '--json');
    expect(up.stderr).toBe('');
    const state = JSON.parse(up.stdout) as LabState;
    expect(state.hosts.map((h) => [h.name, h.addresses])).toEqual([
      ['server', ['10.98.0.1/24']],
      ['client1', []],
      ['client2', []],
    ]);
    expect(listNetns().filter((ns) => ns.startsWith(`pdkl-${name}.`))).toHaveLength(4);

    const again = await paddockLab('up', '--name', name);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already exists/);

    const addr = await paddockLab('exec', name, 'client1', '--', 'ip', '-j', 'link', 'show', 'eth0');
    expect(JSON.parse(addr.stdout)[0].address).toBe(state.hosts[1]!.mac);
    expect((await paddockLab('exec', name, 'server', '--', 'sh', '-c', 'exit 3')).code).toBe(3);
    expect((await paddockLab('exec', name, 'nohost', '--', 'true')).stderr).toMatch(/no host nohost/);

    const list = JSON.parse((await paddockLab('list', '--json')).stdout) as LabSummary[];
    expect(list.find((l) => l.name === name)?.namespaces).toHaveLength(4);

    const down = await paddockLab('down', name);
    expect(down.stdout).toMatch(/removed \(4 namespaces\)/);
    expect(listNetns().filter((ns) => ns.startsWith(`pdkl-${name}.`))).toEqual([]);
    expect((await paddockLab('list')).stdout).not.toContain(name);
    expect((await paddockLab('down', name)).code).not.toBe(0);
  });
});
