import { describe, expect, it } from 'vitest';
import { decodeIcmpEcho, encodeIcmpEcho, ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST } from './icmp.ts';
import { decodeIpv4 } from './ipv4.ts';

const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
/** The IPv4 packet of an echo reply captured from Linux 6.18 (identifier 0x9304, sequence 0xd699, 32 zero bytes). */
const LINUX_ECHO_REPLY = hex(`4500003c134a0000400152db0a4d00020a4d0001000096619304d699${'00'.repeat(32)}`);

describe('ICMP echo (RFC 792)', () => {
  it('decodes an echo reply the Linux kernel sent', () => {
    const ip = decodeIpv4(LINUX_ECHO_REPLY);
    if (!ip.ok) throw new Error(ip.reason);
    expect(ip.value).toMatchObject({ protocol: 1, source: '10.77.0.2', destination: '10.77.0.1', ttl: 64 });
    const echo = decodeIcmpEcho(ip.value.payload);
    expect(echo).toEqual({
      ok: true,
      value: { type: ICMP_ECHO_REPLY, identifier: 0x9304, sequence: 0xd699, data: new Uint8Array(32) },
    });
  });

  it('computes the checksum Linux computed for the same message', () => {
    const ours = encodeIcmpEcho({
      type: ICMP_ECHO_REPLY,
      identifier: 0x9304,
      sequence: 0xd699,
      data: new Uint8Array(32),
    });
    expect(Buffer.from(ours).toString('hex')).toBe(Buffer.from(LINUX_ECHO_REPLY.subarray(20)).toString('hex'));
  });

  it('round-trips a request with an odd-length payload', () => {
    const m = { type: ICMP_ECHO_REQUEST, identifier: 1, sequence: 65535, data: Uint8Array.of(1, 2, 3) };
    expect(decodeIcmpEcho(encodeIcmpEcho(m))).toEqual({ ok: true, value: m });
  });

  it('refuses a corrupted checksum, other types and truncation', () => {
    const bad = LINUX_ECHO_REPLY.slice(20);
    bad[9] = 1;
    expect(decodeIcmpEcho(bad)).toEqual({ ok: false, reason: 'icmp: bad checksum' });
    const unreachable = LINUX_ECHO_REPLY.slice(20);
    unreachable[0] = 3;
    expect(decodeIcmpEcho(unreachable)).toEqual({ ok: false, reason: 'icmp: type 3 is not echo' });
    expect(decodeIcmpEcho(Uint8Array.of(0, 0, 0))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/truncated/),
    });
  });

  it('honours IHL and total length and refuses impossible headers', () => {
    const withPad = new Uint8Array([...LINUX_ECHO_REPLY, 0, 0, 0]);
    const ip = decodeIpv4(withPad);
    expect(ip.ok && ip.value.payload.length).toBe(40);
    const short = LINUX_ECHO_REPLY.slice(0, 30);
    expect(decodeIpv4(short)).toMatchObject({ ok: false, reason: expect.stringMatching(/total length 60/) });
    const v6 = LINUX_ECHO_REPLY.slice();
    v6[0] = 0x65;
    expect(decodeIpv4(v6)).toMatchObject({ ok: false, reason: 'ipv4: version 6' });
  });

  it('never throws on random bytes', () => {
    for (let i = 0; i < 2000; i++) {
      const junk = Uint8Array.from({ length: Math.floor(Math.random() * 80) }, () => Math.floor(Math.random() * 256));
      if (i % 2 && junk.length > 0) junk[0] = 0x45;
      expect(() => decodeIpv4(junk)).not.toThrow();
      expect(() => decodeIcmpEcho(junk)).not.toThrow();
    }
  });
});
