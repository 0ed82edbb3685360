import { describe, expect, it } from 'vitest';
import { bridgeProblem, findExecutable } from './host-checks.ts';

describe('host checks', () => {
  it('finds programs on PATH or by absolute path, and says when they are missing', () => {
    expect(findExecutable('sh')).toMatch(/\/sh$/);
    expect(findExecutable('/bin/sh')).toBe('/bin/sh');
    expect(findExecutable('qemu-system-nonexistent')).toBeUndefined();
    expect(findExecutable('sh', '/nonexistent')).toBeUndefined();
  });

  it('names a missing namespace before looking for the bridge in it', async () => {
    expect(await bridgeProblem('pdk-no-such-namespace', 'br0')).toBe(
      'network namespace pdk-no-such-namespace does not exist',
    );
  });
});
