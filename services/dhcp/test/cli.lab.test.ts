import { join } from 'node:path';
import { type LabProcess, labSkipReason } from '@paddock/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DhcpLab, dhcpLab, hookScript } from './lab-kit.ts';
import { waitForLine } from './wait-line.ts';

const CLI = join(import.meta.dirname, '..', '..', 'cli', 'bin', 'paddock.js');

describe.skipIf(labSkipReason())('paddock dhcp serve and its client verbs', () => {
  let l: DhcpLab;
  let server: LabProcess;
  let dataDir: string;
  /** Runs `paddock ARGS --data-dir D` inside the server's namespace (its gRPC is on that loopback). */
  const paddock = async (...args: string[]) => {
    const r = await l.server.exec([process.execPath, CLI, ...args, '--data-dir', dataDir], { timeoutMs: 30_000 });
    return { ...r, json: () => JSON.parse(r.stdout) };
  };

  beforeAll(async () => {
    l = await dhcpLab('dhcp-cli');
    dataDir = join(l.dir, 'data');
    server = l.server.spawnNode(CLI, [
      ...['dhcp', 'serve', '--interface', 'eth0', '--subnet', '10.77.0.0/24', '--range', '10.77.0.50-10.77.0.60'],
      ...['--router', '10.77.0.1', '--dns', '10.77.0.1,10.77.0.2', '--lease-time', '600'],
      ...['--data-dir', dataDir, '--insecure', '--grpc-listen', '127.0.0.1:0', '--http-listen', '127.0.0.1:0'],
    ]);
    await server.waitForOutput(/paddock listening/, 30_000);
  }, 60_000);
  afterAll(async () => {
    await server?.kill();
    await l?.destroy();
  });

  it('shows the subnet the quick flags made, with its pool, router and DNS', async () => {
    const r = await paddock('dhcp', 'subnets', 'list', '--json');
    expect(r.code).toBe(0);
    expect(r.json()).toEqual([
      expect.objectContaining({
        id: '10-77-0-0-24',
        cidr: '10.77.0.0/24',
        pools: [{ first: '10.77.0.50', last: '10.77.0.60' }],
        routers: ['10.77.0.1'],
        dnsServers: ['10.77.0.1', '10.77.0.2'],
      }),
    ]);
  });

  it('a reservation made with the CLI is what a real client then gets; leases list, release and stats follow', async () => {
    const made = await paddock(
      'dhcp',
      'reservations',
      'create',
      'pc1',
      '--mac',
      '52:54:00:ee:00:01',
      '--address',
      '10.77.0.30',
    );
    expect(made.code, made.stderr).toBe(0);
    const client = await l.client('pc', { mac: '52:54:00:ee:00:01' });
    const log = join(l.dir, 'pc.log');
    const script = hookScript(l.dir, 'pc.sh', `[ "$1" = bound ] && echo "bound $ip lease=$lease" >> ${log}; true`);
    await client.execOk(['udhcpc', '-f', '-q', '-n', '-C', '-i', 'eth0', '-s', script, '-t', '5', '-T', '1'], {
      timeoutMs: 20_000,
    });
    expect((await waitForLine(log, /bound (\S+) lease=(\d+)/)).slice(1, 3)).toEqual(['10.77.0.30', '600']);

    const leases = (await paddock('dhcp', 'leases', 'list', '--json')).json();
    expect(leases).toEqual([
      expect.objectContaining({ address: '10.77.0.30', mac: '52:54:00:ee:00:01', state: 'LEASE_STATE_BOUND' }),
    ]);
    const table = await paddock('dhcp', 'leases');
    expect(table.stdout).toMatch(/10\.77\.0\.30\s+52:54:00:ee:00:01\s+\S*\s*bound/);

    expect((await paddock('dhcp', 'leases', 'release', '10.77.0.30')).stdout).toBe('released 10.77.0.30\n');
    expect((await paddock('dhcp', 'leases', 'get', '10.77.0.30', '--json')).json().state).toBe('LEASE_STATE_RELEASED');
    const stats = (await paddock('dhcp', 'stats', '--json')).json();
    expect(stats.received.DHCPDISCOVER).toBe('1');
    expect(stats.sent.DHCPACK).toBe('1');
    expect(stats.pools[0]).toMatchObject({ subnetId: '10-77-0-0-24', size: 11 });
  }, 60_000);

  it('refuses bad input with one line and a non-zero exit', async () => {
    const overlap = await paddock(
      'dhcp',
      'subnets',
      'create',
      'other',
      '--cidr',
      '10.77.0.128/25',
      '--range',
      '10.77.0.130-10.77.0.140',
    );
    expect(overlap.code).not.toBe(0);
    expect(overlap.stderr.trim()).toMatch(/^paddock: invalid argument: subnet .*overlaps subnet/);
    expect(overlap.stderr.trim().split('\n')).toHaveLength(1);
    const badPool = await paddock(
      'dhcp',
      'subnets',
      'create',
      'far',
      '--cidr',
      '10.99.0.0/24',
      '--range',
      '10.99.1.1-10.99.1.5',
    );
    expect(badPool.stderr).toMatch(/must lie inside 10\.99\.0\.0\/24/);
    const missing = await paddock('dhcp', 'leases', 'get', '10.77.0.99');
    expect(missing.stderr).toMatch(/not found: no lease for 10\.77\.0\.99/);
  }, 60_000);
});
