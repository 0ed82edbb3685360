import { describe, expect, it } from 'vitest';
import { formatOption, parseOptionSetting } from './option-value.ts';
import { OPTION, optionCode } from './registry.ts';

describe('options by name or code with typed values', () => {
  it('resolves names and codes, refusing framing codes and unknown names', () => {
    expect([optionCode('routers'), optionCode('3'), optionCode(224)]).toEqual([3, 3, 224]);
    expect([optionCode('nope'), optionCode(52), optionCode(0), optionCode(255)]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(new Set(Object.values(OPTION).map((d) => d.code)).size).toBe(Object.keys(OPTION).length);
  });

  it('turns typed config values into bytes and names the option when a value is wrong', () => {
    expect(parseOptionSetting('routers', ['10.0.0.1']).data).toEqual(Uint8Array.of(10, 0, 0, 1));
    expect(parseOptionSetting(51, 3600)).toEqual({ code: 51, data: Uint8Array.of(0, 0, 14, 16) });
    expect(parseOptionSetting(224, 'de:ad')).toEqual({ code: 224, data: Uint8Array.of(0xde, 0xad) });
    expect(parseOptionSetting('host-name', { hex: '00ff' }).data).toEqual(Uint8Array.of(0, 255));
    expect(() => parseOptionSetting('lease-time', '1h')).toThrow(/^option lease-time: expected an integer/);
    expect(() => parseOptionSetting('bogus', 1)).toThrow(/unknown DHCP option "bogus"/);
  });

  it('shows options with name, typed value and hex, or hex alone when malformed or unknown', () => {
    expect(formatOption({ code: 3, data: Uint8Array.of(10, 0, 0, 1) })).toEqual({
      code: 3,
      name: 'routers',
      value: ['10.0.0.1'],
      hex: '0a000001',
    });
    expect(formatOption({ code: 3, data: Uint8Array.of(10) })).toEqual({ code: 3, name: 'routers', hex: '0a' });
    expect(formatOption({ code: 224, data: Uint8Array.of(1) })).toEqual({ code: 224, hex: '01' });
  });
});
