import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labSkipReason } from '@paddock/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply } from '../src/agent/apply.ts';
import { observe } from '../src/agent/observe.ts';
import { validateState } from '../src/model/validate.ts';
import { plan } from '../src/plan/planner.ts';
import { CLI } from './control-lab.ts';
import { OverlayLab } from './overlay-lab.ts';

const SINK = new URL('../../lab/src/fixtures/tcp-sink.ts', import.meta.url).pathname;
const MARKER = 'PADDOCK-OVERLAY-PLAINTEXT-MARKER-7f3a';

describe.skipIf(labSkipReason())('overlay agent in a lab of four members', () => {
  let o: OverlayLab;
  beforeAll(async () => {
    o = await OverlayLab.create('overlay', ['a', 'b', 'c', 'd']);
  });
  afterAll(async () => {
    await o?.destroy();
  });

  it('converges after a run cut short, leaving no trace of a member dropped meanwhile', async () => {
    const a = o.get('a');
    // A key that is no member's: c's with its first character changed (to one it does not have).
    const ck = o.get('c').member.publicKey;
    const stray = { ...o.get('d').member, name: 'x', publicKey: `${ck[0] === 'A' ? 'B' : 'A'}${ck.slice(1)}` };
    const withStray = o.state(a, [
      a.member,
      o.get('b').member,
      { ...stray, address: '10.99.0.9/24', tunnelAddress: '10.98.0.9/24', endpoint: '192.168.77.9:51820' },
    ]);
    const v = validateState(withStray);
    if (!v.ok) throw new Error(v.errors.join('; '));
    const key = { file: a.keyFile, value: (await a.host.execOk(['cat', a.keyFile])).stdout.trim() };
    const steps = plan(v.networks[0]!, key, await observe(a.ifs, o.shell(a).exec));
    // Cut the run off after the stray peer's neighbour and WireGuard entries, before its FDB entries.
    const cut = steps.findIndex((s) => s.what === 'send broadcast to 10.98.0.9');
    expect(cut).toBeGreaterThan(0);
    const partial = await apply(steps.slice(0, cut), o.shell(a));
    expect(partial.error).toBeUndefined();
    const dump = (await a.host.execOk(['wg', 'show', a.ifs.wireguard, 'peers'])).stdout;
    expect(dump).toContain(stray.publicKey);

    const full = await o.agent(
      a,
      o.state(
        a,
        o.members.map((m) => m.member),
      ),
    );
    expect(full.stderr).toBe('');
    expect(full.code).toBe(0);
    expect(full.reports[0]).toMatchObject({ converged: true, remaining: [] });
    expect(full.reports[0]!.done).toContain(`remove peer ${stray.publicKey}`);
    expect((await a.host.execOk(['wg', 'show', a.ifs.wireguard, 'peers'])).stdout).not.toContain(stray.publicKey);
    const fdb = (await a.host.execOk(['bridge', 'fdb', 'show', 'dev', a.ifs.vxlan])).stdout;
    expect(fdb).not.toContain('10.98.0.9');
    expect(fdb).toMatch(/00:00:00:00:00:00 dst 10\.98\.0\.4/);
    expect((await a.host.execOk(['ip', 'neigh', 'show', 'dev', a.ifs.bridge])).stdout).not.toContain('10.99.0.9 ');
  }, 60_000);

  it('brings up every member, and a second run changes nothing', async () => {
    const all = o.members.map((m) => m.member);
    // Each member's agent is on its own: they run side by side, as on real nodes.
    for (const r of await Promise.all(o.members.map((m) => o.agent(m, o.state(m, all))))) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.reports[0]!.converged).toBe(true);
    }
    for (const r of await Promise.all(o.members.map((m) => o.agent(m, o.state(m, all)))))
      expect(r.reports[0]).toMatchObject({ done: [], daemons: [], converged: true });
    const mtu = (await o.get('b').host.execOk(['ip', '-o', 'link', 'show', 'dev', o.get('b').ifs.bridge])).stdout;
    expect(mtu).toMatch(/mtu 1390/);
  }, 120_000);

  it('carries ARP and IPv6 neighbour discovery between bridges', async () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => o.get(n));
    for (const [from, to] of [
      [a!, b!],
      [c!, d!],
      [d!, a!],
    ] as const) {
      const r = await from.host.exec([
        'arping',
        '-c',
        '3',
        '-w',
        '10',
        '-I',
        from.ifs.bridge,
        to.member.address.split('/')[0]!,
      ]);
      expect(r.stdout, r.stderr).toMatch(/from \S+ \(?10\.99\.0\.\d/i);
    }
    const ll = (await b!.host.execOk(['ip', '-6', '-o', 'addr', 'show', 'dev', b!.ifs.bridge, 'scope', 'link'])).stdout;
    const bll = /inet6 (fe80::[0-9a-f:]+)\//.exec(ll)?.[1];
    expect(bll).toBeDefined();
    const ping6 = await a!.host.exec(['ping', '-6', '-c', '3', '-W', '5', `${bll}%${a!.ifs.bridge}`]);
    expect(ping6.code, ping6.stdout).toBe(0);
    const neigh = (await a!.host.execOk(['ip', '-6', 'neigh', 'show', 'dev', a!.ifs.bridge])).stdout;
    const bMac = (await b!.host.execOk(['cat', `/sys/class/net/${b!.ifs.bridge}/address`])).stdout.trim();
    expect(neigh).toContain(`${bll} lladdr ${bMac}`);
  }, 60_000);

  it('shows only WireGuard UDP on the underlay, never what the overlay carries', async () => {
    const [a, b] = [o.get('a'), o.get('b')];
    const sink = b.host.spawnNode(SINK, ['10.99.0.2', '7007']);
    await sink.waitForOutput(/listening/);
    const dump = a.host.spawn(['tcpdump', '-i', 'eth0', '-nn', '-l', '-A', '-s', '0']);
    await dump.waitForOutput(/listening on eth0/);
    const sent = await a.host.execOk(['nc', '-N', '-w', '5', '10.99.0.2', '7007'], { input: MARKER });
    expect(sent.stdout).toBe(`ack ${MARKER.length}\n`);
    await sink.waitForOutput(new RegExp(`from 10\\.99\\.0\\.1: ${MARKER}`));
    await new Promise((r) => setTimeout(r, 300));
    await dump.kill('SIGINT');
    const packets = dump
      .output()
      .split('\n')
      .filter((l) => /^\d\d:\d\d:\d\d\.\d+ /.test(l));
    expect(packets.length).toBeGreaterThan(4);
    for (const p of packets)
      expect(p).toMatch(/ IP 192\.168\.77\.\d\.51820 > 192\.168\.77\.\d\.51820: UDP, length \d+$/);
    expect(dump.output()).not.toContain(MARKER);
  });

  it('leases an address to a DHCP client behind every member, from paddock dhcp on one member', async () => {
    const names = ['a', 'b', 'c', 'd'];
    const a = o.get('a');
    // The server on a's bridge; each client on a port of its member's bridge, as a VM behind it would be.
    const server = a.host.spawnNode(CLI, [
      ...[
        'dhcp',
        'serve',
        '--interface',
        a.ifs.bridge,
        '--subnet',
        '10.99.0.0/24',
        '--range',
        '10.99.0.100-10.99.0.150',
      ],
      ...[
        '--data-dir',
        join(o.dir, 'dhcp'),
        '--insecure',
        '--grpc-listen',
        '127.0.0.1:0',
        '--http-listen',
        '127.0.0.1:0',
      ],
    ]);
    await server.waitForOutput(/paddock listening/, 60_000);
    const script = join(o.dir, 'udhcpc.sh');
    writeFileSync(script, '#!/bin/sh\n[ "$1" = bound ] && echo "bound $ip"\ntrue\n', { mode: 0o755 });
    const leased = await Promise.all(
      names.map(async (n) => {
        const { host, ifs } = o.get(n);
        const mtu = String(
          (
            JSON.parse((await host.execOk(['ip', '-j', 'link', 'show', 'dev', ifs.bridge])).stdout) as { mtu: number }[]
          )[0]!.mtu,
        );
        await host.execOk(['ip', 'link', 'add', 'dh0', 'mtu', mtu, 'type', 'veth', 'peer', 'name', 'dh0p', 'mtu', mtu]);
        await host.execOk(['ip', 'link', 'set', 'dh0p', 'master', ifs.bridge, 'up']);
        await host.execOk(['ip', 'link', 'set', 'dh0', 'up']);
        const r = await host.exec(['udhcpc', '-f', '-q', '-n', '-i', 'dh0', '-s', script, '-t', '10', '-T', '2'], {
          timeoutMs: 60_000,
        });
        return [n, /bound (\S+)/.exec(r.stdout)?.[1] ?? `none: ${r.stderr.trim().split('\n').at(-1)}`] as const;
      }),
    );
    await server.kill();
    const got = Object.fromEntries(leased);
    for (const n of names) expect(got[n], JSON.stringify(got)).toMatch(/^10\.99\.0\.(1[0-4]\d|150)$/);
    expect(new Set(Object.values(got)).size).toBe(names.length);
  }, 120_000);
});
