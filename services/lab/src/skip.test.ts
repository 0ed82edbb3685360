import { afterEach, describe, expect, it, vi } from 'vitest';
import { labSkipReason } from './skip.ts';

describe('labSkipReason', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('never skips under CI, whoever runs it', () => {
    vi.stubEnv('CI', 'true');
    expect(labSkipReason()).toBeUndefined();
  });

  it('skips only non-root runs outside CI', () => {
    vi.stubEnv('CI', '');
    const root = process.getuid?.() === 0;
    expect(labSkipReason() === undefined).toBe(root);
  });
});
