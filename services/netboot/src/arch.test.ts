import { describe, expect, it } from 'vitest';
import { ARCH_NAMES, archOf, archValue, isArchName, isHttpArch } from './arch.ts';

describe('client architecture', () => {
  it('folds the option 93 values real firmware sends', () => {
    // iPXE BIOS sends 0, OVMF PXE 7, OVMF HTTP boot 16 (see shared/notes/pxe-lab.md).
    expect(archOf(0)).toBe('bios');
    expect(archOf(7)).toBe('efi-x64');
    expect(archOf(9)).toBe('efi-x64');
    expect(archOf(11)).toBe('efi-arm64');
    expect(archOf(16)).toBe('efi-x64-http');
    expect(archOf(19)).toBe('efi-arm64-http');
    expect(archOf(0x29)).toBe('rpi');
  });

  it('treats a missing option 93 as BIOS and unknown values as other', () => {
    expect(archOf(undefined)).toBe('bios');
    expect(archOf(42)).toBe('other');
  });

  it('knows which families boot over HTTP and round-trips names', () => {
    expect(ARCH_NAMES.filter(isHttpArch)).toEqual([
      'efi-ia32-http',
      'efi-x64-http',
      'efi-arm32-http',
      'efi-arm64-http',
    ]);
    for (const name of ARCH_NAMES) {
      const v = archValue(name);
      if (v !== undefined) expect(archOf(v)).toBe(name);
    }
    expect(isArchName('efi-x64')).toBe(true);
    expect(isArchName('x64')).toBe(false);
  });
});
