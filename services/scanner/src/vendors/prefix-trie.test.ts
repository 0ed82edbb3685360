import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PrefixTrie } from './prefix-trie.ts';

const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9A-F]{${n}}$`));

describe('PrefixTrie', () => {
  it('prefers the longest prefix: MA-S inside MA-M inside MA-L', () => {
    const t = new PrefixTrie<string>();
    t.set('70B3D5', 'IEEE Registration Authority');
    t.set('70B3D5F', 'block');
    t.set('70B3D5F2F', 'TELEPLATFORMS');
    expect(t.match('70B3D5F2F123')).toEqual({ value: 'TELEPLATFORMS', prefix: '70B3D5F2F' });
    expect(t.match('70B3D5F30000')).toEqual({ value: 'block', prefix: '70B3D5F' });
    expect(t.match('70B3D5000000')).toEqual({ value: 'IEEE Registration Authority', prefix: '70B3D5' });
    expect(t.match('70B3D6000000')).toBeUndefined();
    expect(t.size).toBe(3);
  });

  it('refuses prefixes shorter than an OUI or not hex', () => {
    const t = new PrefixTrie<number>();
    expect(() => t.set('70B3D', 1)).toThrow(/6 to 12 hex digits/);
    expect(() => t.set('70B3DZ', 1)).toThrow(/6 to 12 hex digits/);
  });

  it('agrees with a naive longest-prefix search (fuzzed)', () => {
    const prefix = fc.oneof(hex(6), hex(7), hex(9));
    fc.assert(
      fc.property(fc.array(prefix, { maxLength: 40 }), fc.array(hex(12), { maxLength: 20 }), (prefixes, macs) => {
        const t = new PrefixTrie<string>();
        for (const p of prefixes) t.set(p, `v${p}`);
        for (const mac of [...macs, ...prefixes.map((p) => `${p}000000`.slice(0, 12))]) {
          const naive = [...new Set(prefixes)].filter((p) => mac.startsWith(p)).sort((a, b) => b.length - a.length)[0];
          expect(t.match(mac)?.prefix).toBe(naive);
        }
      }),
    );
  });
});
