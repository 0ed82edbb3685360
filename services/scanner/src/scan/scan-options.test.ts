import { describe, expect, it } from 'vitest';
import { effectiveOptions, toRetryPolicy } from './scan-options.ts';

const base = { cidrs: [], rate: 0, tries: 0, timeoutMs: 0, backoff: 0, fixedTimeout: false };

describe('scan options', () => {
  it('fills in defaults at least as thorough as arp-scan', () => {
    const p = toRetryPolicy(base);
    expect(p.tries).toBeGreaterThanOrEqual(2);
    expect(p.timeoutMs).toBeGreaterThanOrEqual(500);
    expect(p.backoff).toBe(1.5);
    expect(p.adaptive).toBe(true);
    expect(effectiveOptions(base, ['10.0.0.0/24'])).toEqual({
      cidrs: ['10.0.0.0/24'],
      rate: 1000,
      tries: 3,
      timeoutMs: 500,
      backoff: 1.5,
      fixedTimeout: false,
    });
  });

  it('refuses values out of range, naming them', () => {
    expect(() => toRetryPolicy({ ...base, tries: 11 })).toThrow(/tries must be between 1 and 10, got 11/);
    expect(() => toRetryPolicy({ ...base, rate: 1e6 })).toThrow(/rate must be/);
    expect(() => toRetryPolicy({ ...base, backoff: 0.5 })).toThrow(/backoff must be/);
    expect(() => toRetryPolicy({ ...base, timeoutMs: 5 })).toThrow(/timeout_ms must be/);
    expect(toRetryPolicy({ ...base, fixedTimeout: true }).adaptive).toBe(false);
  });
});
