import { describe, expect, it } from 'vitest';
import { setMessageType } from './accessors.ts';
import { encodeMessage } from './encode.ts';
import { emptyMessage } from './message.ts';
import { peekMessageType } from './peek.ts';

const bytesOf = (type: 'DHCPDISCOVER' | 'DHCPREQUEST', before: number[] = []) => {
  const m = setMessageType(emptyMessage(), type);
  const e = encodeMessage({ ...m, options: [...m.options, { code: 12, data: Uint8Array.of(104) }] });
  if (!e.ok) throw new Error(e.reason.detail);
  // Pads and another option ahead of 53, as a client may send them.
  return Uint8Array.of(...e.bytes.subarray(0, 240), ...before, ...e.bytes.subarray(240));
};

describe('peekMessageType', () => {
  it('finds option 53 wherever it sits in the options field', () => {
    expect(peekMessageType(bytesOf('DHCPDISCOVER'))).toBe(1);
    expect(peekMessageType(bytesOf('DHCPREQUEST', [0, 0, 61, 2, 1, 2]))).toBe(3);
  });

  it('answers undefined for what is no DHCP message or has no usable 53', () => {
    const b = bytesOf('DHCPREQUEST');
    expect(peekMessageType(b.subarray(0, 241))).toBeUndefined();
    expect(peekMessageType(Uint8Array.of(...b.subarray(0, 240), 255, ...b.subarray(240)))).toBeUndefined();
    const badCookie = b.slice();
    badCookie[236] = 0;
    expect(peekMessageType(badCookie)).toBeUndefined();
    const longType = b.slice();
    longType[241] = 2;
    expect(peekMessageType(longType)).toBeUndefined();
  });
});
