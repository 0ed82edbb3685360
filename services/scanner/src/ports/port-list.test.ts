import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eachPort, formatPortList, parsePortList, portCount } from './port-list.ts';

describe('port lists', () => {
  it('parses single ports and ranges, merging overlaps', () => {
    expect(parsePortList('80, 22,8000-8100,8050-8200,23')).toEqual([
      [22, 23],
      [80, 80],
      [8000, 8200],
    ]);
    expect(parsePortList('')).toEqual([[1, 1024]]);
    expect(parsePortList('-3')).toEqual([[1, 3]]);
    expect(parsePortList('65530-')).toEqual([[65530, 65535]]);
    expect(portCount(parsePortList('1-1000,2000'))).toBe(1001);
    expect([...eachPort(parsePortList('5-7,9'))]).toEqual([5, 6, 7, 9]);
  });

  it('refuses malformed lists, naming the bad part', () => {
    expect(() => parsePortList('80-20')).toThrow(/port range 80-20 runs backwards/);
    expect(() => parsePortList('0')).toThrow(/port 0 is outside 1-65535/);
    expect(() => parsePortList('70000')).toThrow(/outside 1-65535/);
    expect(() => parsePortList('http')).toThrow(/not a port: "http"/);
    expect(() => parsePortList('22,,80')).toThrow(/empty entry/);
    expect(() => parsePortList('1-2-3')).toThrow(/not a port/);
  });

  it('formats and parses back to the same set of ports (fuzzed)', () => {
    const range = fc
      .tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 0, max: 300 }))
      .map(([lo, n]) => [lo, Math.min(65535, lo + n)] as const);
    fc.assert(
      fc.property(fc.array(range, { minLength: 1, maxLength: 20 }), (ranges) => {
        const text = ranges.map(([lo, hi]) => `${lo}-${hi}`).join(',');
        const parsed = parsePortList(text);
        expect(parsePortList(formatPortList(parsed))).toEqual(parsed);
        const expected = new Set(ranges.flatMap(([lo, hi]) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i)));
        expect(portCount(parsed)).toBe(expected.size);
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        try {
          parsePortList(s);
        } catch (err) {
          expect(err).toBeInstanceOf(RangeError);
        }
      }),
    );
  });
});
