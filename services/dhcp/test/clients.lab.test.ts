import { setTimeout as sleep } from 'node:timers/promises';
import { fixture } from '@paddock/dhcp-codec/testdata';
import { labSkipReason } from '@paddock/lab';
import { openUdp } from '@paddock/netio';
import { LeaseState } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DhcpLab, dhcpLab, hookScript, LAB_SUBNET, type RunningDhcp, SERVER_IP, startDhcp } from './lab-kit.ts';
import { waitForLine } from './wait-line.ts';

const POOL = /^10\.77\.0\.(1[0-9][0-9])$/;

describe.skipIf(labSkipReason())('real DHCP clients against paddock dhcp', () => {
  let l: DhcpLab;
  let dhcp: RunningDhcp;

  beforeAll(async () => {
    l = await dhcpLab('dhcp-clients');
    // Short leases so that renewals (T1 = half the lease) happen within the test.
    dhcp = await startDhcp(l, { subnets: [{ ...LAB_SUBNET, leaseTimes: { defaultSeconds: 8, minSeconds: 4 } }] });
  });
  afterAll(async () => {
    await dhcp?.close();
    await l?.destroy();
  });

  async function leaseOf(address: string) {
    return (await dhcp.api.getLease({ address })).lease!;
  }

  it('udhcpc (busybox) obtains a lease with the options, renews it and releases it', async () => {
    const host = await l.client('udhcpc', { mac: '52:54:00:aa:00:01' });
    const log = `${l.dir}/udhcpc.log`;
    const script = hookScript(
      l.dir,
      'udhcpc.sh',
      `
case "$1" in
  deconfig) ip addr flush dev "$interface" ;;
  bound|renew) ip addr flush dev "$interface"; ip addr add "$ip/$mask" dev "$interface" ;;
esac
echo "$1 ip=$ip mask=$mask router=$router dns=$dns lease=$lease" >> ${log}`,
    );
    const p = host.spawn(['udhcpc', '-f', '-i', 'eth0', '-s', script, '-t', '5', '-T', '1', '-A', '1']);
    const bound = await waitForLine(log, /bound ip=(\S+) mask=(\S+) router=(\S+) dns=(\S+) lease=(\d+)/);
    expect(bound[1]).toMatch(POOL);
    expect(bound.slice(2, 6)).toEqual(['24', SERVER_IP, SERVER_IP, '8']);
    expect(await host.addresses('eth0')).toContain(`${bound[1]}/24`);
    const first = await leaseOf(bound[1]!);
    expect(first).toMatchObject({ mac: '52:54:00:aa:00:01', state: LeaseState.LEASE_STATE_BOUND });

    // SIGUSR1: renew now (a unicast REQUEST from the bound address).
    await sleep(1100);
    process.kill(p.pid, 'SIGUSR1');
    await waitForLine(log, new RegExp(`renew ip=${bound[1]!.replaceAll('.', '\\.')} `));
    const renewed = await leaseOf(bound[1]!);
    expect(renewed.expiresAtUnixMs).toBeGreaterThan(first.expiresAtUnixMs);

    // SIGUSR2: release.
    process.kill(p.pid, 'SIGUSR2');
    await waitForLine(log, /deconfig[^\n]*\n[\s\S]*deconfig/);
    for (let i = 0; i < 50 && (await leaseOf(bound[1]!)).state !== LeaseState.LEASE_STATE_RELEASED; i++)
      await sleep(100);
    expect((await leaseOf(bound[1]!)).state).toBe(LeaseState.LEASE_STATE_RELEASED);
    await p.kill();
  }, 60_000);

  it('dhclient (isc-dhcp-client) obtains, renews at T1 and releases', async () => {
    const host = await l.client('dhclient', { mac: '52:54:00:aa:00:02' });
    const log = `${l.dir}/dhclient.log`;
    const script = hookScript(
      l.dir,
      'dhclient.sh',
      `
case "$reason" in
  PREINIT) ip link set dev "$interface" up ;;
  BOUND|RENEW|REBIND|REBOOT) ip addr flush dev "$interface"; ip addr add "$new_ip_address/$new_subnet_mask" dev "$interface" ;;
  RELEASE|EXPIRE|STOP) ip addr flush dev "$interface" ;;
esac
echo "$reason ip=$new_ip_address routers=$new_routers" >> ${log}`,
    );
    const files = ['-sf', script, '-lf', `${l.dir}/dhclient.leases`, '-pf', `${l.dir}/dhclient.pid`];
    const p = host.spawn(['dhclient', '-4', '-d', '-v', ...files, 'eth0']);
    const bound = await waitForLine(log, /BOUND ip=(\S+) routers=(\S+)/);
    expect(bound[1]).toMatch(POOL);
    expect(bound[2]).toBe(SERVER_IP);
    const first = await leaseOf(bound[1]!);
    expect(first.mac).toBe('52:54:00:aa:00:02');
    // The lease is 8 s: dhclient renews by itself at T1 (4 s), unicast from its address.
    await waitForLine(log, new RegExp(`RENEW ip=${bound[1]!.replaceAll('.', '\\.')}`), 15_000);
    expect((await leaseOf(bound[1]!)).expiresAtUnixMs).toBeGreaterThan(first.expiresAtUnixMs);
    // -r: the running dhclient (found by its pid file) sends DHCPRELEASE and exits.
    await host.execOk(['dhclient', '-4', '-r', ...files, 'eth0'], { timeoutMs: 15_000 });
    expect((await leaseOf(bound[1]!)).state).toBe(LeaseState.LEASE_STATE_RELEASED);
    await p.kill();
  }, 60_000);

  it('dhcpcd obtains, rebinds on request and releases', async () => {
    // dhcpcd keeps its control socket under /run, shared by every namespace: a unique name.
    const ifname = `dc${process.pid.toString(36)}`.slice(0, 15);
    const host = await l.client('dhcpcd', { mac: '52:54:00:aa:00:03', ifname });
    const log = `${l.dir}/dhcpcd.log`;
    const script = hookScript(l.dir, 'dhcpcd.sh', `echo "$reason ip=$new_ip_address routers=$new_routers" >> ${log}`);
    const common = ['-4', '-f', '/dev/null', '-c', script, '-t', '20'];
    const p = host.spawn(['dhcpcd', ...common, '-B', '-d', ifname]);
    try {
      const bound = await waitForLine(log, /BOUND ip=(\S+) routers=(\S+)/);
      expect(bound[1]).toMatch(POOL);
      expect(bound[2]).toBe(SERVER_IP);
      expect(await host.addresses(ifname)).toContain(`${bound[1]}/24`);
      const first = await leaseOf(bound[1]!);
      expect(first.mac).toBe('52:54:00:aa:00:03');
      await waitForLine(log, /(RENEW|REBIND|REBOOT) ip=/, 15_000);
      expect((await leaseOf(bound[1]!)).expiresAtUnixMs).toBeGreaterThan(first.expiresAtUnixMs);
      await host.exec(['dhcpcd', ...common, '-k', ifname], { timeoutMs: 15_000 });
      for (let i = 0; i < 50 && (await leaseOf(bound[1]!)).state !== LeaseState.LEASE_STATE_RELEASED; i++)
        await sleep(100);
      expect((await leaseOf(bound[1]!)).state).toBe(LeaseState.LEASE_STATE_RELEASED);
    } finally {
      // dhcpcd 9 forks privilege-separation helpers and may crash on exit: kill what is left
      // of it in this namespace (the lab also kills every process in its namespaces).
      await p.kill('SIGTERM', 2000);
      await host.exec(['dhcpcd', '-x', ifname], { timeoutMs: 5000 });
    }
  }, 60_000);

  it('bad datagrams are counted by reason and change no lease', async () => {
    const host = await l.client('garbage', { mac: '52:54:00:aa:00:09' });
    await host.execOk(['ip', 'addr', 'add', '10.77.0.9/24', 'dev', 'eth0']);
    const before = (await dhcp.api.listLeases({ pageSize: 1000, pageToken: '', subnetId: '', state: 0, query: '' }))
      .leases;
    const good = fixture('udhcpc-discover');
    const bad: Record<string, Uint8Array> = {
      truncated: good.slice(0, 100),
      'bad-magic-cookie': Uint8Array.from(good, (b, i) => (i === 236 ? 0 : b)),
      'bad-hlen': Uint8Array.from(good, (b, i) => (i === 2 ? 17 : b)),
      'unknown-message-type': Uint8Array.from(good, (b, i) => (i === 242 ? 99 : b)),
    };
    const udp = openUdp({ interface: 'eth0', port: 68, netns: host.netns });
    try {
      for (const bytes of Object.values(bad)) udp.send(bytes, SERVER_IP, 67);
      const stats = async () => (await dhcp.api.getStats({})).dropped;
      for (let i = 0; i < 50; i++) {
        const d = await stats();
        if (Object.keys(bad).every((r) => (d[r] ?? 0n) >= 1n)) break;
        await sleep(100);
      }
      const dropped = await stats();
      for (const reason of Object.keys(bad)) expect(dropped[reason], reason).toBeGreaterThanOrEqual(1n);
    } finally {
      udp.close();
    }
    const after = (await dhcp.api.listLeases({ pageSize: 1000, pageToken: '', subnetId: '', state: 0, query: '' }))
      .leases;
    expect(after).toEqual(before);
  }, 30_000);
});
