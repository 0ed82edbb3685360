import { describe, expect, it } from 'vitest';
import { describeClient } from '../boot-request.ts';
import { selectionReason, skippedRules } from './explain.ts';
import { selectRule } from './match.ts';
import { parseRule } from './rule.ts';

const rules = [
  parseRule({
    name: 'lab-vm',
    priority: 1,
    match: { macs: ['52:54:00:ff:*'] },
    action: { kind: 'file', file: 'vm.kpxe' },
  }),
  parseRule({
    name: 'workers',
    priority: 2,
    match: { labels: { role: 'worker' } },
    action: { kind: 'file', file: 'w.efi' },
  }),
  parseRule({ name: 'install', priority: 3, action: { kind: 'script', script: 'install' } }),
  parseRule({ name: 'uefi', priority: 4, match: { archs: ['efi-x64'] }, action: { kind: 'file', file: 'ipxe.efi' } }),
  parseRule({
    name: 'bios',
    priority: 5,
    match: { archs: ['bios'], ipxe: 'no' },
    action: { kind: 'file', file: 'undionly.kpxe' },
  }),
];
const explain = (asks: Parameters<typeof describeClient>[0]) => {
  const c = describeClient(asks);
  const s = selectRule(rules, c);
  return { rule: s.rule?.name, reason: selectionReason(rules, s, c), skipped: skippedRules(rules, c, s.rule) };
};

describe('why a preview chose its rule', () => {
  it('lists each rule passed over with its reason', () => {
    expect(explain({ mac: '52:54:00:00:00:01', arch: 0, vendorClass: 'PXEClient' })).toEqual({
      rule: 'bios',
      reason: 'rule bios is the first that matches',
      skipped: [
        'lab-vm: MAC 52:54:00:00:00:01 is not 52:54:00:ff:*',
        'workers: label role=worker not set',
        'install: a script rule, and only iPXE runs scripts',
        'uefi: arch bios is not efi-x64',
      ],
    });
  });

  it('says which fallback was used when the inventory names a rule that cannot be used', () => {
    const mac = '52:54:00:00:00:02';
    expect(explain({ mac, arch: 0, bootRule: 'gone' }).reason).toBe(
      'the inventory names rule gone, which does not exist: fell back to the rule order, rule bios is the first that matches',
    );
    expect(explain({ mac, arch: 0, bootRule: 'uefi' }).reason).toBe(
      'the inventory names rule uefi, not for this firmware (arch bios is not efi-x64): fell back to the rule order, rule bios is the first that matches',
    );
    expect(explain({ mac, arch: 7, bootRule: 'uefi' }).reason).toBe('the inventory names rule uefi for this machine');
    expect(explain({ mac, arch: 11 })).toMatchObject({ rule: undefined, reason: 'no rule matches' });
  });
});
