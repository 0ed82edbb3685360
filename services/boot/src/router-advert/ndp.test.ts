import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { internetChecksum } from '@paddock/netio';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRouterSolicitation, linkLocalFromMac, routerAdvertFrame } from './ndp.ts';

const MAC = '02:00:00:00:00:01';
const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));
/** Linux 6.x bringing a veth up (tcpdump -x, Ethernet header added): fe80::5054:ff:feaa:bbcc > ff02::2. */
const LINUX_RS = hex(`333300000002 525400aabbcc 86dd
  6000 0000 0010 3aff fe80 0000 0000 0000 5054 00ff feaa bbcc ff02 0000 0000 0000
  0000 0000 0000 0002 8500 6198 0000 0000 0101 5254 00aa bbcc`);

/** tcpdump's reading of one frame (a pcap file with LINKTYPE_ETHERNET). */
function tcpdump(frame: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'ra-'));
  try {
    const header = Buffer.alloc(24);
    header.writeUInt32LE(0xa1b2c3d4, 0);
    header.writeUInt16LE(2, 4);
    header.writeUInt16LE(4, 6);
    header.writeUInt32LE(65535, 16);
    header.writeUInt32LE(1, 20);
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(frame.length, 8);
    rec.writeUInt32LE(frame.length, 12);
    writeFileSync(join(dir, 'ra.pcap'), Buffer.concat([header, rec, frame]));
    return execFileSync('tcpdump', ['-r', join(dir, 'ra.pcap'), '-v', '-n', '-e'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('router advertisement', () => {
  it('derives the EUI-64 link-local address the kernel would', () => {
    expect(Buffer.from(linkLocalFromMac('52:54:00:12:34:56')).toString('hex')).toBe('fe80000000000000505400fffe123456');
  });

  it('carries a valid ICMPv6 checksum, hop limit 255, and the source link-layer option', () => {
    const ip = routerAdvertFrame(MAC).subarray(14);
    expect(ip[6]).toBe(58);
    expect(ip[7]).toBe(255);
    const icmp = ip.subarray(40, 40 + ((ip[4]! << 8) | ip[5]!));
    const pseudo = Buffer.concat([ip.subarray(8, 40), Buffer.from([0, 0, 0, icmp.length, 0, 0, 0, 58]), icmp]);
    expect(internetChecksum(pseudo)).toBe(0);
    expect([...icmp.subarray(16)]).toEqual([1, 1, 2, 0, 0, 0, 0, 1]);
  });

  it('is read by tcpdump as an RA with no prefix that makes no default router', () => {
    const out = tcpdump(routerAdvertFrame(MAC));
    expect(out).toMatch(/02:00:00:00:00:01 > 33:33:00:00:00:01/);
    expect(out).toMatch(/fe80::ff:fe00:1 > ff02::1: \[icmp6 sum ok\] ICMP6, router advertisement/);
    expect(out).toMatch(/hop limit 0, Flags \[none\].*router lifetime 0s/);
    expect(out).not.toMatch(/prefix info/);
  });

  it('answers a solicitor that has an address by unicast, at its MAC and address', () => {
    const rs = decodeRouterSolicitation(LINUX_RS);
    expect(rs).toMatchObject({ ok: true, value: { mac: '52:54:00:aa:bb:cc' } });
    if (!rs?.ok) return;
    const out = tcpdump(routerAdvertFrame(MAC, rs.value));
    expect(out).toMatch(/02:00:00:00:00:01 > 52:54:00:aa:bb:cc/);
    expect(out).toMatch(/fe80::ff:fe00:1 > fe80::5054:ff:feaa:bbcc: \[icmp6 sum ok\] ICMP6, router advertisement/);
    // From :: (RFC 4861 §6.2.6) the answer goes to all nodes.
    const multicast = tcpdump(routerAdvertFrame(MAC, { mac: '52:54:00:aa:bb:cc', address: new Uint8Array(16) }));
    expect(multicast).toMatch(/> ff02::1: \[icmp6 sum ok\]/);
  });
});

describe('router solicitation', () => {
  const patched = (at: number, value: number) => {
    const f = Uint8Array.from(LINUX_RS);
    f[at] = value;
    return f;
  };

  it('refuses what RFC 4861 §6.1.1 says to drop, with a reason', () => {
    expect(decodeRouterSolicitation(patched(14 + 7, 64))).toEqual({
      ok: false,
      reason: 'router solicitation: hop limit 64, not 255',
    });
    expect(decodeRouterSolicitation(patched(14 + 41, 1))).toMatchObject({ reason: /code 1/ });
    expect(decodeRouterSolicitation(patched(14 + 50, 0xff))).toMatchObject({ reason: /bad checksum/ });
  });

  it('leaves other frames alone: not IPv6, not ICMPv6, another ICMPv6 type, truncated', () => {
    expect(decodeRouterSolicitation(routerAdvertFrame(MAC))).toBeUndefined();
    expect(decodeRouterSolicitation(patched(12, 0x08))).toBeUndefined();
    expect(decodeRouterSolicitation(patched(14 + 6, 17))).toBeUndefined();
    expect(decodeRouterSolicitation(LINUX_RS.subarray(0, 60))).toBeUndefined();
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (tail) => {
        decodeRouterSolicitation(Uint8Array.from([...LINUX_RS.subarray(0, 54), ...tail]));
        decodeRouterSolicitation(tail);
      }),
    );
  });
});
