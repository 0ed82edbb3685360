import { describe, expect, it } from 'vitest';
import { clearToken, loadToken, normalizeToken, saveToken } from './session.ts';

function memoryStore() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}

describe('session token', () => {
  it('is kept until logout clears it', () => {
    const s = memoryStore();
    expect(loadToken(s)).toBeUndefined();
    saveToken('abc', s);
    expect(loadToken(s)).toBe('abc');
    clearToken(s);
    expect(loadToken(s)).toBeUndefined();
  });

  it('drops whitespace and a pasted Bearer prefix', () => {
    expect(normalizeToken('  Bearer x1y2\n')).toBe('x1y2');
    expect(normalizeToken('x1y2')).toBe('x1y2');
  });
});
