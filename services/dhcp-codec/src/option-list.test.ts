import { describe, expect, it } from 'vitest';
import { getOption, joinInstances, splitInstances, withOption, withoutOption } from './option-list.ts';

describe('option lists', () => {
  it('join RFC 3396 instances in order and split long values back at 255 bytes', () => {
    const long = Uint8Array.from({ length: 600 }, (_, i) => i % 251);
    const parts = splitInstances({ code: 43, data: long });
    expect(parts.map((p) => p.data.length)).toEqual([255, 255, 90]);
    expect(joinInstances([{ code: 1, data: Uint8Array.of(9) }, ...parts])[1]!.data).toEqual(long);
    expect(splitInstances({ code: 80, data: new Uint8Array(0) })).toHaveLength(1);
  });

  it('set in place, append, remove, and refuse framing codes', () => {
    const a = withOption([{ code: 1, data: Uint8Array.of(1) }], 3, Uint8Array.of(3));
    const b = withOption(a, 1, Uint8Array.of(7));
    expect(b.map((o) => o.code)).toEqual([1, 3]);
    expect(getOption(b, 1)).toEqual(Uint8Array.of(7));
    expect(withoutOption(b, 1).map((o) => o.code)).toEqual([3]);
    expect(() => withOption(b, 52, Uint8Array.of(1))).toThrow(/framing/);
  });
});
