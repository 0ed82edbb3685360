import { describe, expect, it } from 'vitest';
import { decodeAsfPong, encodeAsfPing } from './rmcp.ts';

describe('RMCP/ASF presence ping', () => {
  it('encodes a ping and reads the pong OpenIPMI ipmi_sim sent back', () => {
    expect([...encodeAsfPing(7)]).toEqual([6, 0, 0xff, 6, 0, 0, 0x11, 0xbe, 0x80, 7, 0, 0]);
    // Captured from ipmi_sim 2.0.33 on loopback.
    const pong = Uint8Array.from(
      '06 00 ff 06 00 00 11 be 40 07 00 10 00 00 11 be 00 00 00 00 81 00 00 00 00 00 00 00'
        .split(' ')
        .map((h) => Number.parseInt(h, 16)),
    );
    expect(decodeAsfPong(pong)).toEqual({ ok: true, value: { tag: 7, ipmi: true } });
    expect(decodeAsfPong(encodeAsfPing(7))).toMatchObject({ ok: false, reason: 'ASF message type 0x80 is not a pong' });
    expect(decodeAsfPong(pong.subarray(0, 20))).toMatchObject({ ok: false });
  });
});
