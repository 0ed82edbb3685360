import { describe, expect, it } from 'vitest';
import { decodeEthernet, encodeEthernet } from './ethernet.ts';

describe('Ethernet II', () => {
  const frame = {
    destination: 'ff:ff:ff:ff:ff:ff',
    source: '02:00:00:00:00:01',
    type: 0x0842,
    payload: Uint8Array.of(1, 2, 3),
  };

  it('pads short frames to the 60-byte minimum unless told not to', () => {
    const padded = encodeEthernet(frame);
    expect(padded.length).toBe(60);
    expect(Array.from(padded.subarray(12, 17))).toEqual([0x08, 0x42, 1, 2, 3]);
    expect(padded.subarray(17).every((b) => b === 0)).toBe(true);
    expect(encodeEthernet(frame, { pad: false }).length).toBe(17);
  });

  it('round-trips, keeping padding in the payload for the inner protocol to ignore', () => {
    const back = decodeEthernet(encodeEthernet(frame, { pad: false }));
    expect(back).toEqual({ ok: true, value: frame });
    const padded = decodeEthernet(encodeEthernet(frame));
    expect(padded.ok && padded.value.payload.length).toBe(46);
  });

  it('refuses runts and 802.3 length fields', () => {
    expect(decodeEthernet(new Uint8Array(13))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/truncated: EtherType/),
    });
    const llc = encodeEthernet({ ...frame, type: 0x05dc });
    expect(decodeEthernet(llc)).toMatchObject({ ok: false, reason: expect.stringMatching(/802\.3 length field 1500/) });
  });
});
