import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Host, Lab, type LabProcess, labSkipReason } from '@paddock/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN } from '../paddock-process.ts';

const skip = labSkipReason();

/** tcpdump lines (-tt: seconds since the epoch) of router solicitations and advertisements. */
const NDP = ['-n', '-l', '-tt', 'icmp6 and (ip6[40] == 133 or ip6[40] == 134)'];
const capture = (host: Host, ifname: string) => host.spawn(['tcpdump', '-i', ifname, ...NDP]);
const seconds = (line: string) => Number(line.split(' ')[0]);

/**
 * `paddock up --boot-interface eth0 --router-advert` in a host with two interfaces: the kernel
 * of a machine on eth0's link solicits and gets an answer at once; a machine on eth1's link
 * solicits too and nothing is ever sent there.
 */
describe.skipIf(skip)('router advertisements on the boot interface only', () => {
  let lab: Lab;
  let dir: string;
  let server: Host;
  let a: Host;
  let b: Host;
  let up: LabProcess;

  beforeAll(async () => {
    lab = await Lab.create('bootra');
    dir = mkdtempSync(join(tmpdir(), 'paddock-ra-'));
    const [br0, br1] = [await lab.bridge('br0'), await lab.bridge('br1')];
    [server, a, b] = [await lab.host('server'), await lab.host('a'), await lab.host('b')];
    await lab.link(server, br0, { ifname: 'eth0', addresses: ['10.84.0.1/24'] });
    await lab.link(server, br1, { ifname: 'eth1', addresses: ['10.84.1.1/24'] });
    await lab.link(a, br0, { ifname: 'eth0', addresses: ['10.84.0.2/24'], mac: '52:54:00:84:00:02' });
    await lab.link(b, br1, { ifname: 'eth0', addresses: ['10.84.1.2/24'], mac: '52:54:00:84:01:02' });
    // biome-ignore format: flag and value pairs read best side by side
    up = server.spawnNode(CLI_BIN, [
      'up', '--boot-interface', 'eth0', '--router-advert', '--scan-interval', '0',
      '--data-dir', join(dir, 'data'), '--insecure', '--log-level', 'warn',
      '--grpc-listen', '127.0.0.1:0', '--http-listen', '127.0.0.1:0',
    ]);
    // A busy machine (parallel QEMU runs) can take a while to start Node and open the stores.
    const deadline = Date.now() + 60_000;
    while (!existsSync(join(dir, 'data', 'run', 'up.json'))) {
      if (up.exitCode !== undefined || Date.now() > deadline)
        throw new Error(`paddock up did not start:\n${up.output()}`);
      await sleep(100);
    }
  }, 90_000);
  afterAll(async () => {
    await lab?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers a solicitation on the boot interface at once, and sends nothing on the other', async () => {
    const onA = capture(a, 'eth0');
    const onEth1 = capture(server, 'eth1');
    await Promise.all([onA.waitForOutput(/listening on/), onEth1.waitForOutput(/listening on/)]);
    // Link up: each machine's kernel solicits a router (RFC 4861 §6.3.7) from its link-local address.
    for (const h of [a, b]) {
      await h.execOk(['ip', 'link', 'set', 'eth0', 'down']);
      await h.execOk(['ip', 'link', 'set', 'eth0', 'up']);
    }
    const answer = await onA.waitForOutput(/^(\S+) IP6 fe80::\S+ > fe80::5054:ff:fe84:2: ICMP6, router advertisement/m);
    const asked = onA.output().match(/^(\S+) IP6 fe80::5054:ff:fe84:2 > ff02::2: ICMP6, router solicitation/m);
    expect(asked, onA.output()).not.toBeNull();
    expect(seconds(answer[0]) - seconds(asked![0])).toBeLessThan(1);
    // b solicits on eth1's link (up to 3 times, 4 s apart): the server never answers there.
    await sleep(5000);
    await Promise.all([onA.kill('SIGINT'), onEth1.kill('SIGINT')]);
    expect(onEth1.output()).toMatch(/router solicitation/);
    expect(onEth1.output()).not.toMatch(/router advertisement/);
    const run = JSON.parse(readFileSync(join(dir, 'data', 'run', 'up.json'), 'utf8'));
    const metrics = (await server.execOk(['curl', '-sf', `${run.http}/metrics`])).stdout;
    expect(metrics).toMatch(/^paddock_boot_router_adverts_total\{trigger="solicited"\} [1-9]/m);
    expect(metrics).toMatch(/^paddock_boot_router_adverts_total\{trigger="start"\} 1$/m);
  }, 30_000);
});
