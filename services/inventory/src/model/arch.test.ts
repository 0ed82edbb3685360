import { describe, expect, it } from 'vitest';
import { fromClientArch, normalizeArchitecture } from './arch.ts';

describe('client architecture', () => {
  it('reads option 93 types as architecture and firmware', () => {
    expect(fromClientArch(0)).toEqual({ architecture: 'x86', firmware: 'bios' });
    expect(fromClientArch(7)).toEqual({ architecture: 'x86_64', firmware: 'uefi' });
    expect(fromClientArch(16)).toEqual({ architecture: 'x86_64', firmware: 'uefi' });
    expect(fromClientArch(11)).toEqual({ architecture: 'arm64', firmware: 'uefi' });
    expect(fromClientArch(-1)).toBeUndefined();
    expect(fromClientArch(42)).toBeUndefined();
  });

  it('normalises uname -m names and refuses junk', () => {
    expect(normalizeArchitecture('x86_64\n')).toBe('x86_64');
    expect(normalizeArchitecture('aarch64')).toBe('arm64');
    expect(normalizeArchitecture('i686')).toBe('x86');
    expect(normalizeArchitecture('<script>')).toBe('');
  });
});
