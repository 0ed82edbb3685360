import { describe, expect, it } from 'vitest';
import { findSubOption, subOptions } from './sub-options.ts';

describe('encapsulated sub-options (43, 82, 175)', () => {
  it('reads option 82 circuit id and remote id from a relay', () => {
    const d = Uint8Array.of(1, 4, 0, 1, 0, 7, 2, 6, 0x52, 0x54, 0, 1, 2, 3);
    expect(subOptions.decode(d)).toEqual([
      { code: 1, data: '00010007' },
      { code: 2, data: '525400010203' },
    ]);
    expect(findSubOption(d, 2)).toEqual(Uint8Array.of(0x52, 0x54, 0, 1, 2, 3));
    expect(subOptions.encode(subOptions.decode(d)!)).toEqual(d);
  });

  it('honours PXE-style End and rejects a sub-option running past the value', () => {
    expect(subOptions.decode(Uint8Array.of(6, 1, 8, 255))).toEqual([{ code: 6, data: '08' }]);
    expect(subOptions.decode(Uint8Array.of(6, 5, 8))).toBeUndefined();
    expect(findSubOption(Uint8Array.of(6, 5, 8), 6)).toBeUndefined();
  });
});
