import { afterAll, describe, expect, it } from 'vitest';
import { Lab } from './lab.ts';
import { listNetns } from './netns.ts';
import { isRunning } from './owner.ts';
import { labSkipReason } from './skip.ts';

const sink = new URL('./fixtures/tcp-sink.ts', import.meta.url).pathname;
const ours = (lab: Lab) => listNetns().filter((ns) => ns.startsWith(`${lab.prefix}.`));

describe.skipIf(labSkipReason())('Lab', () => {
  const labs: Lab[] = [];
  afterAll(async () => {
    for (const lab of labs) await lab.destroy();
  });

  it('joins two hosts on a bridge that carry TCP, then leaves nothing behind', async () => {
    const lab = await Lab.create('lab-tcp');
    labs.push(lab);
    const sw = await lab.bridge('sw0');
    const a = await lab.host('a');
    const b = await lab.host('b');
    const ifa = await lab.link(a, sw, { ifname: 'eth0', addresses: ['10.77.0.1/24'], mac: '02:00:00:00:00:01' });
    await lab.link(b, sw, { addresses: ['10.77.0.2/24'] });
    expect(ifa).toMatchObject({ name: 'eth0', mac: '02:00:00:00:00:01', host: a });
    expect(await a.addresses('eth0')).toContain('10.77.0.1/24');

    const server = a.spawnNode(sink, ['10.77.0.1', '7007']);
    await server.waitForOutput(/listening/);
    const client = await b.execOk(['nc', '-N', '-w', '5', '10.77.0.1', '7007'], { input: 'hello from b' });
    expect(client.stdout).toBe('ack 12\n');
    await server.waitForOutput(/received 12 bytes from 10\.77\.0\.2: hello from b/);

    // A process the lab did not start itself must die with the lab too.
    const stray = await a.execOk(['sh', '-c', 'sleep 300 >/dev/null 2>&1 & echo $!']);
    const strayPid = Number(stray.stdout.trim());
    expect(ours(lab)).toHaveLength(3);
    await lab.destroy();
    await lab.destroy();
    expect(await server.exited).not.toBeUndefined();
    expect(ours(lab)).toEqual([]);
    expect(isRunning(strayPid)).toBe(false);
    await expect(lab.host('c')).rejects.toThrow(/destroyed/);
  });

  it('puts a TAP device on the bridge, inside the switch namespace', async () => {
    const lab = await Lab.create('lab-tap');
    labs.push(lab);
    const sw = await lab.bridge('br0');
    const tap = await lab.tap(sw, 'tap0');
    expect(tap.netns).toBe(sw.netns);
    const shown = await tap.host.execOk(['ip', '-j', 'link', 'show', 'master', 'br0']);
    const ports = JSON.parse(shown.stdout) as { ifname: string }[];
    expect(ports.map((p) => p.ifname)).toEqual(['tap0']);
    const sysctl = await tap.host.execOk(['sysctl', '-n', 'net.ipv6.conf.all.disable_ipv6']);
    expect(sysctl.stdout.trim()).toBe('1');
    await lab.destroy();
    expect(ours(lab)).toEqual([]);
  });

  it('sets sysctls per host and refuses duplicate hosts', async () => {
    const lab = await Lab.create('lab-sysctl');
    labs.push(lab);
    const a = await lab.host('a');
    const b = await lab.host('b');
    await a.sysctl('net.ipv4.ip_forward', 1);
    expect((await a.execOk(['sysctl', '-n', 'net.ipv4.ip_forward'])).stdout.trim()).toBe('1');
    expect((await b.execOk(['sysctl', '-n', 'net.ipv4.ip_forward'])).stdout.trim()).toBe('0');
    expect((await a.execOk(['sysctl', '-n', 'net.ipv6.conf.all.accept_dad'])).stdout.trim()).toBe('0');
    await expect(lab.host('a')).rejects.toThrow(/already exists/);
    await expect(a.execOk(['false'])).rejects.toThrow(/exited with 1/);
    await lab.destroy();
  });
});
