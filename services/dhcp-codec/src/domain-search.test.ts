import { describe, expect, it } from 'vitest';
import { domainSearch } from './domain-search.ts';

describe('option 119 domain search (RFC 3397)', () => {
  it('decodes the RFC 3397 §3 example with a compression pointer', () => {
    // "eng.apple.com." then "marketing." + pointer to "apple.com." at offset 4.
    const d = Uint8Array.of(
      3,
      101,
      110,
      103,
      5,
      97,
      112,
      112,
      108,
      101,
      3,
      99,
      111,
      109,
      0,
      9,
      ...Array.from('marketing', (c) => c.charCodeAt(0)),
      0xc0,
      4,
    );
    expect(domainSearch.decode(d)).toEqual(['eng.apple.com', 'marketing.apple.com']);
  });

  it('compresses shared suffixes on encode and reads them back', () => {
    const names = ['lab.paddock.example', 'paddock.example', 'other.example'];
    const bytes = domainSearch.encode(names);
    expect(bytes.length).toBe(21 + 2 + 8);
    expect(domainSearch.decode(bytes)).toEqual(names);
  });

  it('rejects pointer loops, forward pointers and labels past the end', () => {
    expect(domainSearch.decode(Uint8Array.of(0xc0, 0))).toBeUndefined();
    expect(domainSearch.decode(Uint8Array.of(1, 97, 0xc0, 0))).toBeUndefined();
    expect(domainSearch.decode(Uint8Array.of(0xc0, 5, 0, 0, 0, 0, 0))).toBeUndefined();
    expect(domainSearch.decode(Uint8Array.of(5, 97, 0))).toBeUndefined();
  });

  it('refuses names that are not DNS names', () => {
    expect(() => domainSearch.encode(['a..b'])).toThrow(/not a domain name/);
    expect(() => domainSearch.encode([`${'a'.repeat(64)}.com`])).toThrow(/not a domain name/);
  });
});
