import { writeFileSync } from 'node:fs';
import { type Host, labSkipReason } from '@paddock/lab';
import { LeaseState } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DhcpLab, dhcpLab, hookScript, LAB_SUBNET, type RunningDhcp, SERVER_IP, startDhcp } from './lab-kit.ts';
import { eventually, waitForLine } from './wait-line.ts';

const FAR = {
  ...LAB_SUBNET,
  id: 'far',
  cidr: '10.88.0.0/24',
  pools: [{ first: '10.88.0.100', last: '10.88.0.150' }],
  routers: ['10.88.0.1'],
};

const UDHCPC_HOOK = (log: string) => `
case "$1" in
  bound|renew) ip addr flush dev "$interface"; ip addr add "$ip/$mask" dev "$interface" ;;
esac
echo "$1 ip=$ip router=$router hostname=$hostname" >> ${log}`;

describe.skipIf(labSkipReason())('relayed clients, reservations and NAK with real peers', () => {
  let l: DhcpLab;
  let dhcp: RunningDhcp;
  let farClient: Host;

  beforeAll(async () => {
    l = await dhcpLab('dhcp-relay');
    // A second LAN behind a router running ISC's dhcrelay: client LAN 10.88.0.0/24 on br1.
    const far = await l.lab.bridge('br1');
    const relay = await l.lab.host('relay');
    await l.lab.link(relay, far, { ifname: 'down0', addresses: ['10.88.0.1/24'] });
    await l.lab.link(relay, l.bridge, { ifname: 'up0', addresses: ['10.77.0.2/24'] });
    await l.server.execOk(['ip', 'route', 'add', '10.88.0.0/24', 'via', '10.77.0.2']);
    const r = relay.spawn(['dhcrelay', '-4', '-d', '-id', 'down0', '-iu', 'up0', SERVER_IP]);
    await r.waitForOutput(/Listening on|Sending on/, 10_000);
    dhcp = await startDhcp(l, { subnets: [LAB_SUBNET, FAR] });
    farClient = await l.lab.host('farclient');
    await l.lab.link(farClient, far, { ifname: 'eth0', mac: '52:54:00:bb:00:01' });
  });
  afterAll(async () => {
    await dhcp?.close();
    await l?.destroy();
  });

  it('a client behind isc-dhcp-relay gets an address from the pool of its relay subnet', async () => {
    const log = `${l.dir}/far.log`;
    const script = hookScript(l.dir, 'far.sh', UDHCPC_HOOK(log));
    await farClient.execOk(['udhcpc', '-f', '-q', '-n', '-i', 'eth0', '-s', script, '-t', '5', '-T', '1'], {
      timeoutMs: 20_000,
    });
    const bound = await waitForLine(log, /bound ip=(\S+) router=(\S+)/);
    expect(bound[1]).toMatch(/^10\.88\.0\.(1[0-4][0-9]|150)$/);
    expect(bound[2]).toBe('10.88.0.1');
    const { lease } = await dhcp.api.getLease({ address: bound[1]! });
    expect(lease).toMatchObject({
      subnetId: 'far',
      relay: '10.88.0.1',
      mac: '52:54:00:bb:00:01',
      state: LeaseState.LEASE_STATE_BOUND,
    });
  }, 40_000);

  it('reservations by MAC and by client id, made live through the API', async () => {
    await dhcp.api.createReservation({
      reservation: {
        id: 'by-mac',
        mac: '52:54:00:cc:00:01',
        clientId: '',
        address: '10.77.0.20',
        hostname: 'node-mac',
        options: [],
        description: '',
      },
    });
    await dhcp.api.createReservation({
      reservation: {
        id: 'by-id',
        mac: '',
        clientId: 'ff:00:00:00:2a',
        address: '10.77.0.21',
        hostname: 'node-id',
        options: [],
        description: '',
      },
    });
    const byMac = await l.client('resmac', { mac: '52:54:00:cc:00:01' });
    const byId = await l.client('resid', { mac: '52:54:00:cc:00:02' });
    const macLog = `${l.dir}/resmac.log`;
    const idLog = `${l.dir}/resid.log`;
    const udhcpc = ['udhcpc', '-f', '-q', '-n', '-i', 'eth0', '-t', '5', '-T', '1', '-O', 'hostname'];
    await byMac.execOk([...udhcpc, '-C', '-s', hookScript(l.dir, 'resmac.sh', UDHCPC_HOOK(macLog))], {
      timeoutMs: 20_000,
    });
    await byId.execOk([...udhcpc, '-x', '0x3d:ff0000002a', '-s', hookScript(l.dir, 'resid.sh', UDHCPC_HOOK(idLog))], {
      timeoutMs: 20_000,
    });
    expect((await waitForLine(macLog, /bound ip=(\S+) router=\S+ hostname=(\S+)/)).slice(1, 3)).toEqual([
      '10.77.0.20',
      'node-mac',
    ]);
    expect((await waitForLine(idLog, /bound ip=(\S+) router=\S+ hostname=(\S+)/)).slice(1, 3)).toEqual([
      '10.77.0.21',
      'node-id',
    ]);
  }, 40_000);

  it('NAKs an INIT-REBOOT for an address from another network; the client then gets a pool address', async () => {
    const host = await l.client('naked', { mac: '52:54:00:dd:00:01' });
    const log = `${l.dir}/naked.log`;
    const leases = `${l.dir}/naked.leases`;
    // A lease remembered from another network makes dhclient start in INIT-REBOOT (RFC 2131 §3.2).
    const expire = new Date(Date.now() + 86_400_000)
      .toISOString()
      .replace('T', ' ')
      .replace(/\..*/, '')
      .replaceAll('-', '/');
    writeFileSync(
      leases,
      `lease {\n  interface "eth0";\n  fixed-address 192.168.99.50;\n  option subnet-mask 255.255.255.0;\n  option dhcp-server-identifier 192.168.99.1;\n  renew 3 ${expire};\n  rebind 3 ${expire};\n  expire 3 ${expire};\n}\n`,
    );
    const script = hookScript(l.dir, 'naked.sh', `echo "$reason ip=$new_ip_address" >> ${log}`);
    const before = (await dhcp.api.getStats({})).sent['DHCPNAK'] ?? 0n;
    const out = await host.exec(
      ['dhclient', '-4', '-1', '-v', '-sf', script, '-lf', leases, '-pf', `${l.dir}/naked.pid`, 'eth0'],
      { timeoutMs: 30_000 },
    );
    expect(out.stderr).toMatch(/DHCPREQUEST for 192\.168\.99\.50/);
    expect(out.stderr).toMatch(/DHCPNAK from 10\.77\.0\.1/);
    const bound = await waitForLine(log, /BOUND ip=(\S+)/);
    expect(bound[1]).toMatch(/^10\.77\.0\.1[0-9][0-9]$/);
    await eventually(async () => ((await dhcp.api.getStats({})).sent['DHCPNAK'] ?? 0n) > before, 5000, 'NAK counted');
    await host.exec(['dhclient', '-4', '-x', '-pf', `${l.dir}/naked.pid`], { timeoutMs: 10_000 });
  }, 60_000);
});
