import { describe, expect, it } from 'vitest';
import { RepeatFilter } from './repeat-filter.ts';

const answer = {
  kind: 'dhcp-answer' as const,
  mac: '52:54:00:00:00:0a',
  rule: 'bios',
  file: 'undionly.kpxe',
  detail: 'x86 BIOS',
};

describe('RepeatFilter', () => {
  it('takes the second identical answer of one exchange as a repeat, and a later or different one as new', () => {
    const f = new RepeatFilter(10_000);
    expect(f.repeats(answer, 0)).toBe(false);
    expect(f.repeats(answer, 40)).toBe(true);
    expect(f.repeats({ ...answer, file: 'ipxe.efi' }, 50)).toBe(false);
    expect(f.repeats({ ...answer, mac: '52:54:00:00:00:0b' }, 60)).toBe(false);
    expect(f.repeats(answer, 20_000)).toBe(false);
  });
});
