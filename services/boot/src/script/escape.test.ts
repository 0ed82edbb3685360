import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeIpxe } from './escape.ts';

describe('escapeIpxe', () => {
  it('leaves URLs, MACs and addresses as they are', () => {
    const url = 'http://10.0.0.1:8080/boot/files/vmlinuz?exp=1&sig=a_b-c';
    expect(escapeIpxe(url)).toBe(url);
    expect(escapeIpxe('52:54:00:12:34:56')).toBe('52:54:00:12:34:56');
    expect(escapeIpxe('10.0.0.5')).toBe('10.0.0.5');
  });

  it('turns every bit of iPXE syntax into inert text', () => {
    expect(escapeIpxe('a b\nshell')).toBe('a%20b%0Ashell');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an iPXE setting, not a JS template
    expect(escapeIpxe('${root-path}')).toBe('%24%7Broot-path%7D');
    expect(escapeIpxe('x || reboot # c')).toBe('x%20%7C%7C%20reboot%20%23%20c');
    expect(escapeIpxe('&&')).toBe('%26%26');
    expect(escapeIpxe('a&&b')).toBe('a%26%26b');
    expect(escapeIpxe(';')).toBe('%3B');
    expect(escapeIpxe('"q" \'q\' \\')).toBe('%22q%22%20%27q%27%20%5C');
    expect(escapeIpxe('é')).toBe('%C3%A9');
  });

  it('never lets whitespace, $, quotes, backslashes, #, |, ; or && through, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const out = escapeIpxe(s);
        const inert = !/[\s$"'\\#|;{}]/.test(out) && !/&&|^&|&$/.test(out);
        // `%` passes (so pre-encoded URLs stay as they are); everything else decodes back exactly.
        return inert && (s.includes('%') || decodeURIComponent(out) === s);
      }),
    );
  });
});
