import { type Host, Lab, labSkipReason, runOk } from '@paddock/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARP_REPLY,
  arpRequestFrame,
  BROADCAST_MAC,
  decodeArpFrame,
  ETH_P_ARP,
  ETH_P_WOL,
  encodeEthernet,
  interfaceInfo,
  openIcmp,
  openPacket,
  openTap,
  openUdp,
  type PacketFrame,
  ping,
  type UdpDatagram,
  withNetns,
} from '../src/index.ts';

const skip = labSkipReason();

/** The first item from an event source that passes `match`, or a timeout error. */
function first<T>(
  source: { on(e: 'message', f: (x: T) => void): unknown; off(e: 'message', f: (x: T) => void): unknown },
  match: (x: T) => boolean,
  ms = 3000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      source.off('message', listener);
      reject(new Error(`nothing matched within ${ms} ms`));
    }, ms);
    const listener = (x: T) => {
      if (!match(x)) return;
      clearTimeout(timer);
      source.off('message', listener);
      resolve(x);
    };
    source.on('message', listener);
  });
}

describe.skipIf(skip)('netio in lab namespaces', () => {
  let lab: Lab;
  let a: Host;
  let b: Host;
  let s: Host;

  beforeAll(async () => {
    lab = await Lab.create('netio');
    const sw0 = await lab.bridge('sw0');
    const sw1 = await lab.bridge('sw1');
    [a, b, s] = [await lab.host('a'), await lab.host('b'), await lab.host('s')];
    await lab.link(a, sw0, { ifname: 'eth0', addresses: ['10.77.0.1/24'], mac: '02:00:00:00:00:01' });
    await lab.link(a, sw1, { ifname: 'eth1', addresses: ['10.77.1.1/24'], mac: '02:00:00:00:01:01' });
    await lab.link(b, sw0, { ifname: 'eth0', addresses: ['10.77.0.2/24'], mac: '02:00:00:00:00:02' });
    await lab.link(s, sw0, { ifname: 'eth0', addresses: ['10.77.0.3/24'], mac: '02:00:00:00:00:03' });
    await lab.link(s, sw1, { ifname: 'eth1', addresses: ['10.77.1.3/24'], mac: '02:00:00:00:01:03' });
  });

  afterAll(async () => {
    await lab?.destroy();
  });

  it('reports the facts of an interface inside a namespace as ip(8) shows them', async () => {
    const info = interfaceInfo('eth0', { netns: b.netns });
    const [link] = JSON.parse((await b.execOk(['ip', '-j', 'link', 'show', 'eth0'])).stdout);
    expect(info).toMatchObject({
      name: 'eth0',
      index: link.ifindex,
      mac: '02:00:00:00:00:02',
      mtu: link.mtu,
      up: true,
    });
    expect(info.ipv4).toEqual([expect.objectContaining({ address: '10.77.0.2', prefix: 24 })]);
    expect(() => interfaceInfo('eth1', { netns: b.netns })).toThrow(/no interface named "eth1"/);
  });

  it('gets an ARP reply from another namespace kernel for a request sent through a packet socket', async () => {
    const sock = openPacket({ interface: 'eth0', protocol: ETH_P_ARP, netns: a.netns });
    try {
      const reply = first<PacketFrame>(sock, (f) => {
        const arp = decodeArpFrame(f.frame);
        return arp.ok && arp.value.op === ARP_REPLY && arp.value.senderIp === '10.77.0.2';
      });
      expect(sock.send(arpRequestFrame('02:00:00:00:00:01', '10.77.0.1', '10.77.0.2'))).toBe(true);
      const arp = decodeArpFrame((await reply).frame);
      expect(arp.ok && arp.value).toMatchObject({
        senderMac: '02:00:00:00:00:02',
        senderIp: '10.77.0.2',
        targetMac: '02:00:00:00:00:01',
        targetIp: '10.77.0.1',
      });
    } finally {
      sock.close();
    }
  });

  it('bounds the receive queue of a slow consumer: frames past the limit are dropped and counted', async () => {
    const rx = openPacket({ interface: 'eth0', protocol: ETH_P_WOL, netns: a.netns, queueLimit: 4 });
    const tx = openPacket({ interface: 'eth0', protocol: ETH_P_WOL, netns: b.netns });
    try {
      const frames = rx[Symbol.asyncIterator]();
      for (let i = 0; i < 50; i++) {
        const payload = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, i);
        tx.send(encodeEthernet({ destination: BROADCAST_MAC, source: '02:00:00:00:00:02', type: ETH_P_WOL, payload }));
      }
      const deadline = Date.now() + 3000;
      while (rx.stats().received < 50 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(rx.stats()).toMatchObject({ received: 50, dropped: 46, kernelDropped: 0 });
      const kept: number[] = [];
      for (let i = 0; i < 4; i++) kept.push(((await frames.next()).value as PacketFrame).frame[20]!);
      expect(kept).toEqual([0, 1, 2, 3]);
      rx.close();
      expect((await frames.next()).done).toBe(true);
    } finally {
      rx.close();
      tx.close();
    }
  });

  it('round-trips frames through a TAP device whose kernel side has an address, and removes it on close', async () => {
    const tap = openTap('ntap0', { up: true, netns: s.netns });
    try {
      await s.execOk(['ip', 'addr', 'add', '10.77.9.1/24', 'dev', 'ntap0']);
      const tapMac = interfaceInfo('ntap0', { netns: s.netns }).mac;
      const reply = first<Uint8Array>(tap, (f) => {
        const arp = decodeArpFrame(f);
        return arp.ok && arp.value.op === ARP_REPLY;
      });
      expect(tap.write(arpRequestFrame('02:00:00:00:09:02', '10.77.9.2', '10.77.9.1'))).toBe(true);
      const arp = decodeArpFrame(await reply);
      expect(arp.ok && arp.value).toMatchObject({ senderMac: tapMac, senderIp: '10.77.9.1', targetIp: '10.77.9.2' });
    } finally {
      tap.close();
    }
    const after = await s.exec(['ip', 'link', 'show', 'ntap0']);
    expect(after.code).not.toBe(0);
  });

  it('delivers a broadcast only to the socket bound to the interface it arrived on', async () => {
    const servers = ['eth0', 'eth1'].map((ifname) => openUdp({ interface: ifname, port: 6767, netns: s.netns }));
    const clients = ['eth0', 'eth1'].map((ifname) => openUdp({ interface: ifname, port: 6868, netns: a.netns }));
    const seen: UdpDatagram[][] = [[], []];
    for (const [i, sock] of servers.entries()) sock.on('message', (d) => seen[i]!.push(d));
    try {
      // a has no default route: only SO_BINDTODEVICE lets 255.255.255.255 out (RFC 919 limited broadcast).
      for (const [i, c] of clients.entries()) {
        expect(c.send(new TextEncoder().encode(`hello eth${i}`), '255.255.255.255', 6767)).toBe(true);
      }
      const deadline = Date.now() + 3000;
      while ((seen[0]!.length < 1 || seen[1]!.length < 1) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 200));
      for (const [i, got] of seen.entries()) {
        expect(got.map((d) => new TextDecoder().decode(d.data))).toEqual([`hello eth${i}`]);
        expect(got[0]).toMatchObject({
          ifname: `eth${i}`,
          remote: { address: `10.77.${i}.1`, port: 6868 },
          localAddress: `10.77.${i}.3`,
          destination: '255.255.255.255',
        });
        expect(got[0]!.ifindex).toBe(interfaceInfo(`eth${i}`, { netns: s.netns }).index);
      }
    } finally {
      for (const sock of [...servers, ...clients]) sock.close();
    }
  });

  it('measures an ICMP echo to a live host and gives null for a silent address within the timeout', async () => {
    expect(await ping('10.77.0.2', { timeoutMs: 2000, netns: a.netns })).toBeGreaterThan(0);
    const icmp = openIcmp({ netns: a.netns, interface: 'eth0' });
    try {
      const started = performance.now();
      const [live, silent, again] = await Promise.all([
        icmp.ping('10.77.0.2', 2000),
        icmp.ping('10.77.0.99', 400),
        icmp.ping('10.77.0.3', 2000),
      ]);
      expect(live).toBeGreaterThan(0);
      expect(live).toBeLessThan(2000);
      expect(again).toBeGreaterThan(0);
      expect(silent).toBeNull();
      expect(performance.now() - started).toBeLessThan(1900);
    } finally {
      icmp.close();
    }
  });
});

describe.skipIf(skip)('withNetns', () => {
  it('runs code in the named namespace and comes back', async () => {
    const lab = await Lab.create('netio-ns');
    try {
      const h = await lab.host('x');
      await runOk(['ip', '-n', h.netns, 'link', 'add', 'nx0', 'type', 'veth', 'peer', 'name', 'nx1']);
      expect(withNetns(h.netns, () => interfaceInfo('nx0').name)).toBe('nx0');
      expect(() => interfaceInfo('nx0')).toThrow(/no interface named/);
      expect(() => withNetns(h.netns, () => Promise.resolve(1))).toThrow(/synchronous/);
      expect(() => withNetns('paddock-no-such-netns', () => 1)).toThrow(/ENOENT/);
    } finally {
      await lab.destroy();
    }
  });
});
