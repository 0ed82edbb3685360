import { describe, expect, it } from 'vitest';
import { clientKey, messageType, readOption, removeOption, setMessageType, setOption } from './accessors.ts';
import { emptyMessage } from './message.ts';
import { OPTION } from './registry.ts';

describe('typed accessors and builders', () => {
  it('build a reply option by option without touching the original', () => {
    const base = emptyMessage(2);
    const m = setOption(setMessageType(base, 'DHCPOFFER'), OPTION.leaseTime, 3600);
    expect(messageType(m)).toBe('DHCPOFFER');
    expect(readOption(m, OPTION.leaseTime)).toBe(3600);
    expect(base.options).toEqual([]);
    expect(readOption(removeOption(m, 51), OPTION.leaseTime)).toBeUndefined();
  });

  it('give undefined for a malformed value while the raw bytes stay', () => {
    const m = { ...emptyMessage(), options: [{ code: 51, data: Uint8Array.of(1) }] };
    expect(readOption(m, OPTION.leaseTime)).toBeUndefined();
    expect(m.options[0]!.data).toEqual(Uint8Array.of(1));
  });

  it('key clients by option 61 when sent, else by htype and chaddr (RFC 2131 §4.2)', () => {
    const m = { ...emptyMessage(), chaddr: Uint8Array.of(1, 2, 3, 4, 5, 6) };
    expect(clientKey(m)).toEqual(Uint8Array.of(1, 1, 2, 3, 4, 5, 6));
    expect(clientKey(setOption(m, OPTION.clientId, '0101'))).toEqual(Uint8Array.of(0xff, 1, 1));
  });
});
