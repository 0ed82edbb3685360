import { describe, expect, it } from 'vitest';
import { ARP_REPLY, ARP_REQUEST, arpReplyFrame, arpRequestFrame, decodeArp, decodeArpFrame, encodeArp } from './arp.ts';
import { decodeEthernet, encodeEthernet } from './ethernet.ts';

const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
/** An ARP reply captured from Linux 6.18 on a veth (no padding: veth frames may be short). */
const LINUX_REPLY = hex('020000000001020000000002080600010800060400020200000000020a4d00020200000000010a4d0001');

describe('ARP (RFC 826)', () => {
  it('decodes a reply captured from the Linux kernel', () => {
    const arp = decodeArpFrame(LINUX_REPLY);
    expect(arp).toEqual({
      ok: true,
      value: {
        op: ARP_REPLY,
        senderMac: '02:00:00:00:00:02',
        senderIp: '10.77.0.2',
        targetMac: '02:00:00:00:00:01',
        targetIp: '10.77.0.1',
        ethSource: '02:00:00:00:00:02',
      },
    });
  });

  it('builds the reply Linux would send to a request, byte for byte', () => {
    const req = decodeArpFrame(arpRequestFrame('02:00:00:00:00:01', '10.77.0.1', '10.77.0.2'));
    if (!req.ok) throw new Error(req.reason);
    expect(req.value.op).toBe(ARP_REQUEST);
    const reply = arpReplyFrame(req.value, '02:00:00:00:00:02');
    // Ours is padded to the 60-byte Ethernet minimum; the kernel's veth copy is not.
    expect(reply.length).toBe(60);
    expect(Buffer.from(reply.subarray(0, 42)).toString('hex')).toBe(Buffer.from(LINUX_REPLY).toString('hex'));
  });

  it('broadcasts requests with a zero target MAC', () => {
    const frame = arpRequestFrame('52:54:00:12:34:56', '192.168.1.10', '192.168.1.1');
    const eth = decodeEthernet(frame);
    expect(eth.ok && eth.value.destination).toBe('ff:ff:ff:ff:ff:ff');
    const arp = decodeArpFrame(frame);
    expect(arp.ok && arp.value.targetMac).toBe('00:00:00:00:00:00');
  });

  it('round-trips encode -> decode -> encode', () => {
    const p = {
      op: 2,
      senderMac: 'aa:bb:cc:dd:ee:ff',
      senderIp: '1.2.3.4',
      targetMac: '01:02:03:04:05:06',
      targetIp: '5.6.7.8',
    };
    const once = encodeArp(p);
    const back = decodeArp(once);
    expect(back).toEqual({ ok: true, value: p });
    expect(encodeArp(back.ok ? back.value : p)).toEqual(once);
  });

  it('refuses truncated, non-Ethernet/IPv4 and non-ARP input with a reason', () => {
    expect(decodeArp(LINUX_REPLY.subarray(14, 30))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/truncated/),
    });
    const ipx = LINUX_REPLY.slice(14);
    ipx[3] = 0x37;
    expect(decodeArp(ipx)).toMatchObject({ ok: false, reason: expect.stringMatching(/not IPv4-over-Ethernet/) });
    const badOp = LINUX_REPLY.slice(14);
    badOp[7] = 9;
    expect(decodeArp(badOp)).toMatchObject({ ok: false, reason: 'arp: unknown op 9' });
    const ip = encodeEthernet({
      destination: 'ff:ff:ff:ff:ff:ff',
      source: '02:00:00:00:00:01',
      type: 0x0800,
      payload: new Uint8Array(28),
    });
    expect(decodeArpFrame(ip)).toEqual({ ok: false, reason: 'not ARP: EtherType 0x800' });
  });

  it('never throws on random bytes', () => {
    for (let i = 0; i < 2000; i++) {
      const junk = Uint8Array.from({ length: Math.floor(Math.random() * 70) }, () => Math.floor(Math.random() * 256));
      if (i % 2) junk.set(LINUX_REPLY.subarray(0, Math.min(junk.length, 22)));
      expect(() => decodeArpFrame(junk)).not.toThrow();
    }
  });
});
