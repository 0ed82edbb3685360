/**
 * The iPXE recipe's media booted under QEMU (BIOS, TCG): Debian's ipxe.lkrn with the built
 * script as its initrd runs that script, with no DHCP boot options anywhere (QEMU's user-mode
 * network has none): it prints its marker, takes an address and fetches a URL on this host's
 * loopback with the machine's MAC in it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIpxeMedia } from './build.ts';
import { ParamError } from './recipe.ts';

const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
const INPUTS = join(REPO_ROOT, '.cache', 'builders', 'inputs');
const dir = mkdtempSync(join(tmpdir(), 'ipxe-media-'));
const MARKER = 'PADDOCK-IPXE-SCRIPT-RAN';
let qemu: ChildProcess | undefined;
let server: Server | undefined;

afterAll(() => {
  if (qemu?.pid && qemu.exitCode === null) qemu.kill('SIGKILL');
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('iPXE script media', () => {
  it('rejects what is not an iPXE script', () => {
    const build = (params: Record<string, unknown>) => buildIpxeMedia({ inputsDir: INPUTS, cacheDir: dir, params });
    expect(() => build({ script: 'echo hi' })).toThrow(ParamError);
    expect(() => build({ script: '#!ipxe\nshell\n', colour: 1 })).toThrow(/unknown parameter colour/);
  });

  it('boots in QEMU and runs the script without any DHCP boot option', async () => {
    const seen: string[] = [];
    server = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.end('#!ipxe\nshell\n');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    // QEMU's user-mode network maps 10.0.2.2 to this host's loopback.
    const script = `#!ipxe\necho ${MARKER}\ndhcp\nchain http://10.0.2.2:${port}/hello?mac=\${net0/mac}\n`;
    const media = buildIpxeMedia({ inputsDir: INPUTS, cacheDir: dir, params: { script } });
    const file = (name: string) => media.files.find((f) => f.name === name)!.path;
    expect(readFileSync(file('script.ipxe'), 'utf8')).toBe(script);
    expect(buildIpxeMedia({ inputsDir: INPUTS, cacheDir: dir, params: { script } }).hit).toBe(true);

    const serial = join(dir, 'serial.log');
    // biome-ignore format: flag and value pairs read best side by side
    qemu = spawn('qemu-system-x86_64', [
      '-accel', 'tcg', '-m', '256', '-nographic', '-vga', 'none', '-monitor', 'none', '-no-reboot',
      '-serial', `file:${serial}`, '-kernel', file('ipxe.lkrn'), '-initrd', file('script.ipxe'),
      '-netdev', 'user,id=n0', '-device', 'virtio-net-pci,netdev=n0,mac=52:54:00:aa:bb:cc',
    ], { stdio: 'ignore' });
    const deadline = Date.now() + 90_000;
    while (seen.length === 0 && Date.now() < deadline && qemu.exitCode === null) await sleep(200);
    qemu.kill('SIGKILL');
    expect(seen).toEqual(['/hello?mac=52%3A54%3A00%3Aaa%3Abb%3Acc']);
    expect(readFileSync(serial, 'latin1')).toContain(MARKER);
  }, 120_000);
});
