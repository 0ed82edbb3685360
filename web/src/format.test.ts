import { describe, expect, it } from 'vitest';
import { formatTime, formatUptime } from './format.ts';

describe('format', () => {
  it('shows uptime as a fixed-width clock, with days once past one', () => {
    expect(formatUptime(0n)).toBe('00:00:00');
    expect(formatUptime(61_999n)).toBe('00:01:01');
    expect(formatUptime(3n * 86_400_000n + 3_723_000n)).toBe('3d 01:02:03');
    expect(formatUptime(-5)).toBe('00:00:00');
  });

  it('shows times in UTC and a dash for none', () => {
    expect(formatTime(1_700_000_000_000n)).toBe('2023-11-14 22:13:20 UTC');
    expect(formatTime(0n)).toBe('—');
  });
});
