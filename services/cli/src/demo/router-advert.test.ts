import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { internetChecksum } from '@paddock/netio';
import { describe, expect, it } from 'vitest';
import { linkLocalFromMac, routerAdvertFrame } from './router-advert.ts';

const MAC = '02:00:00:00:00:01';

describe('router advertisement', () => {
  it('derives the EUI-64 link-local address the kernel would', () => {
    expect(Buffer.from(linkLocalFromMac('52:54:00:12:34:56')).toString('hex')).toBe('fe80000000000000505400fffe123456');
  });

  it('carries a valid ICMPv6 checksum, hop limit 255, and the source link-layer option', () => {
    const f = routerAdvertFrame(MAC);
    const ip = f.subarray(14);
    expect(ip[6]).toBe(58);
    expect(ip[7]).toBe(255);
    const icmp = ip.subarray(40, 40 + ((ip[4]! << 8) | ip[5]!));
    const pseudo = Buffer.concat([ip.subarray(8, 40), Buffer.from([0, 0, 0, icmp.length, 0, 0, 0, 58]), icmp]);
    expect(internetChecksum(pseudo)).toBe(0);
    expect([...icmp.subarray(16)]).toEqual([1, 1, 2, 0, 0, 0, 0, 1]);
  });

  it('is read as a router advertisement by tcpdump', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-'));
    try {
      const frame = routerAdvertFrame(MAC);
      // A pcap file (libpcap format, LINKTYPE_ETHERNET) holding the one frame.
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
      const out = execFileSync('tcpdump', ['-r', join(dir, 'ra.pcap'), '-v', '-n'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      expect(out).toMatch(/fe80::ff:fe00:1 > ff02::1: \[icmp6 sum ok\] ICMP6, router advertisement/);
      expect(out).toMatch(/router lifetime 0s/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
