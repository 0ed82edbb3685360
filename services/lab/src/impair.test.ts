import { describe, expect, it } from 'vitest';
import { impairScript } from './impair.ts';

describe('impairScript', () => {
  it('drops both ways by default, replacing the port chain atomically', () => {
    const script = impairScript('p3', { dropPercent: 30 });
    expect(script.split('\n').filter(Boolean)).toEqual([
      'add table bridge pdk_impair',
      'add chain bridge pdk_impair port_p3 { type filter hook forward priority 0; policy accept; }',
      'flush chain bridge pdk_impair port_p3',
      'add rule bridge pdk_impair port_p3 iifname "p3" numgen random mod 100 < 30 counter drop',
      'add rule bridge pdk_impair port_p3 oifname "p3" numgen random mod 100 < 30 counter drop',
    ]);
  });

  it('honours direction and 0 clears the rules', () => {
    expect(impairScript('p1', { dropPercent: 10, direction: 'egress' })).toMatch(/iifname "p1"/);
    expect(impairScript('p1', { dropPercent: 10, direction: 'egress' })).not.toMatch(/oifname/);
    expect(impairScript('p1', { dropPercent: 10, direction: 'ingress' })).not.toMatch(/iifname/);
    expect(impairScript('p1', { dropPercent: 0 })).not.toMatch(/add rule/);
  });

  it('rejects bad rates and names that could inject nft syntax', () => {
    expect(() => impairScript('p1', { dropPercent: 101 })).toThrow(/0-100/);
    expect(() => impairScript('p1', { dropPercent: 2.5 })).toThrow(/integer/);
    expect(() => impairScript('p1"; flush', { dropPercent: 5 })).toThrow(RangeError);
  });
});
