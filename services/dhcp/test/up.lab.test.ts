import { join } from 'node:path';
import { type LabProcess, labSkipReason } from '@paddock/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DhcpLab, dhcpLab, hookScript } from './lab-kit.ts';
import { waitForLine } from './wait-line.ts';

const CLI = join(import.meta.dirname, '..', '..', 'cli', 'bin', 'paddock.js');

describe.skipIf(labSkipReason())('paddock up --interface IF --subnet CIDR serves DHCP', () => {
  let l: DhcpLab;
  let up: LabProcess;

  beforeAll(async () => {
    l = await dhcpLab('dhcp-up');
    up = l.server.spawnNode(CLI, [
      ...['up', '--interface', 'eth0', '--subnet', '10.77.0.0/24', '--range', '10.77.0.150-10.77.0.160'],
      ...[
        '--data-dir',
        join(l.dir, 'data'),
        '--insecure',
        '--grpc-listen',
        '127.0.0.1:0',
        '--http-listen',
        '127.0.0.1:0',
      ],
    ]);
    await up.waitForOutput(/paddock listening/, 60_000);
  }, 90_000);
  afterAll(async () => {
    await up?.kill();
    await l?.destroy();
  });

  it('a client on the interface gets an address from the range', async () => {
    const host = await l.client('pc', { mac: '52:54:00:ab:00:01' });
    const log = join(l.dir, 'pc.log');
    const script = hookScript(l.dir, 'pc.sh', `[ "$1" = bound ] && echo "bound $ip router=$router" >> ${log}; true`);
    await host.execOk(['udhcpc', '-f', '-q', '-n', '-i', 'eth0', '-s', script, '-t', '5', '-T', '1'], {
      timeoutMs: 20_000,
    });
    expect((await waitForLine(log, /bound (\S+)/))[1]).toMatch(/^10\.77\.0\.1(5\d|60)$/);
    expect(up.output()).toMatch(/"services":\[[^\]]*"paddock\.dhcp\.v1\.DhcpService"/);
  }, 40_000);
});
