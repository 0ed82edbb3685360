import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { elfNeeds } from './elf.ts';

describe('elfNeeds', () => {
  it('reads the same libraries and interpreter as ldd does for a real program', () => {
    const program = '/usr/bin/curl';
    const needs = elfNeeds(readFileSync(program));
    expect(needs?.interpreter).toBe('/lib64/ld-linux-x86-64.so.2');
    // DT_NEEDED holds the direct needs; ldd lists those and what they need in turn.
    const ldd = execFileSync('ldd', [program]).toString();
    for (const lib of needs!.needed) expect(ldd).toContain(lib);
    expect(needs?.needed).toContain('libcurl.so.4');
    expect(needs?.needed).toContain('libc.so.6');
  });

  it('finds no needs in a static program and nothing in a script', () => {
    expect(elfNeeds(Buffer.from('#!/bin/sh\necho hi\n'))).toBeUndefined();
  });

  it('never throws on damaged input', () => {
    const real = readFileSync('/usr/bin/curl').subarray(0, 8192);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: real.length - 1 }),
        fc.uint8Array({ minLength: 1, maxLength: 16 }),
        (at, junk) => {
          const copy = Buffer.from(real);
          copy.set(junk.subarray(0, copy.length - at), at);
          const out = elfNeeds(copy);
          expect(out === undefined || Array.isArray(out.needed)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => void elfNeeds(b)));
  });
});
