/**
 * `paddock demo` as a person runs it: it builds its lab, takes a QEMU machine to ready and
 * prints where the console is and the token; `paddock demo --down` leaves nothing behind.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { labSkipReason, listNetns } from '@paddock/lab';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_BIN, REPO_ROOT } from '../paddock-process.ts';

const run = promisify(execFile);
const NAME = 'e2edemo';
const paddock = (args: string[], timeout = 240_000) =>
  run(process.execPath, [CLI_BIN, ...args], { cwd: REPO_ROOT, timeout, encoding: 'utf8' });
const skip = labSkipReason() ?? (existsSync('/usr/bin/qemu-system-x86_64') ? undefined : 'qemu-system-x86 missing');

describe.skipIf(skip)('paddock demo', () => {
  afterAll(async () => {
    await paddock(['demo', '--down', '--name', NAME]).catch(() => {});
  });

  it('takes a machine from power-off to ready on its own lab, and --down removes it all', async () => {
    const args = [
      'demo',
      '--detach',
      '--name',
      NAME,
      '--subnet',
      '10.95.0.0/24',
      '--console-port',
      '0',
      '--grpc-port',
      '0',
    ];
    const { stdout } = await paddock(args);
    expect(stdout).toMatch(
      /machine demo-vm1 is ready in [\d.]+ s: MAC 52:54:00(:[0-9a-f]{2}){3}, IP 10\.95\.0\.1\d\d, x86_64/,
    );
    const url = /console:\s+(https:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
    const token = /token:\s+(\S+)/.exec(stdout)?.[1];
    const cli = /CLI:\s+paddock (.*)/.exec(stdout)?.[1]?.split(' ');
    expect(url && token && cli).toBeTruthy();

    // The console answers on this host's loopback, and the printed CLI line works as printed.
    const health = await run('curl', ['-sk', `${url}/healthz`], { encoding: 'utf8' });
    expect(health.stdout.trim()).toBe('ok');
    const nodes = JSON.parse((await paddock([...cli!, '--json'], 30_000)).stdout) as Array<{
      name: string;
      lifecycle: { state: string };
    }>;
    expect(nodes.map((n) => [n.name, n.lifecycle.state])).toEqual([['demo-vm1', 'LIFECYCLE_STATE_READY']]);

    expect((await paddock(['demo', '--down', '--name', NAME])).stdout).toMatch(`demo ${NAME} removed (2 namespaces)`);
    expect(listNetns().filter((ns) => ns.startsWith(`pdkl-${NAME}.`))).toEqual([]);
    expect(existsSync(`/run/paddock-demo/${NAME}`)).toBe(false);
    const left = await run('pgrep', ['-f', `paddock-demo/${NAME}/`]).then(
      (r) => r.stdout.trim(),
      () => '',
    );
    expect(left).toBe('');
  }, 300_000);
});
