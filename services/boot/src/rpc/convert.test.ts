import { ARCH_NAMES } from '@paddock/netboot';
import { describe, expect, it } from 'vitest';
import { parseRule } from '../rules/rule.ts';
import { ruleFromPb, ruleToPb } from './convert.ts';

describe('proto conversion', () => {
  it('round-trips every rule shape through the proto', () => {
    const actions = [
      { kind: 'file', file: 'ipxe.efi' },
      { kind: 'url', url: 'http://10.0.0.1/x' },
      { kind: 'script', script: 'install' },
      { kind: 'ignore' },
    ];
    for (const action of actions) {
      const rule = parseRule({
        name: 'r',
        priority: -3,
        match: { macs: ['52:54:00:*'], archs: [...ARCH_NAMES], ipxe: 'no', labels: { role: 'w' } },
        action,
      });
      expect(parseRule(ruleFromPb(ruleToPb(rule)))).toEqual(rule);
    }
  });

  it('lets validation name an unknown architecture or a missing action', () => {
    const pb = ruleToPb(parseRule({ name: 'r', action: { kind: 'ignore' } }));
    expect(() => parseRule(ruleFromPb({ ...pb, match: { ...pb.match!, archs: [99 as never] } }))).toThrow(
      /match\.archs\.0/,
    );
    expect(() => parseRule(ruleFromPb({ ...pb, action: {} }))).toThrow(/rule action/);
  });
});
