import { describe, expect, it } from 'vitest';
import { describeClient } from '../boot-request.ts';
import { selectRule } from './match.ts';
import { parseRule, type Rule } from './rule.ts';

const rules: Rule[] = [
  parseRule({ name: 'ipxe', priority: 10, match: { ipxe: 'yes' }, action: { kind: 'script', script: 'default' } }),
  parseRule({
    name: 'bios',
    priority: 50,
    match: { archs: ['bios'] },
    action: { kind: 'file', file: 'undionly.kpxe' },
  }),
  parseRule({
    name: 'uefi',
    priority: 50,
    match: { archs: ['efi-x64', 'efi-x64-http'] },
    action: { kind: 'file', file: 'ipxe.efi' },
  }),
  parseRule({
    name: 'lab-vm',
    priority: 5,
    match: { macs: ['52-54-00-*'], labels: { role: 'worker' } },
    action: { kind: 'ignore' },
  }),
  parseRule({
    name: 'one',
    priority: 1,
    match: { macs: ['AA:BB:CC:DD:EE:01'] },
    action: { kind: 'url', url: 'http://10.0.0.1/x.efi' },
  }),
];

const pick = (mac: string, arch?: number, userClass?: string, labels?: Record<string, string>) =>
  selectRule(rules, describeClient({ mac, arch, userClasses: userClass ? [userClass] : undefined, labels })).rule?.name;

describe('boot rules', () => {
  it('break the chainload loop: iPXE gets the script, the firmware gets iPXE', () => {
    expect(pick('52:54:00:12:34:56', 0)).toBe('bios');
    expect(pick('52:54:00:12:34:56', 0, 'iPXE')).toBe('ipxe');
    expect(pick('52:54:00:12:34:56', 7)).toBe('uefi');
    expect(pick('52:54:00:12:34:56', 16)).toBe('uefi');
    expect(pick('52:54:00:12:34:56', 7, 'iPXE')).toBe('ipxe');
  });

  it('match MACs exactly or by prefix, case-insensitively, and labels', () => {
    expect(pick('aa:bb:cc:dd:ee:01', 0)).toBe('one');
    expect(pick('AA:BB:CC:DD:EE:01', 0)).toBe('one');
    expect(pick('52:54:00:00:00:01', 0, undefined, { role: 'worker' })).toBe('lab-vm');
    expect(pick('52:54:00:00:00:01', 0, undefined, { role: 'control' })).toBe('bios');
    expect(pick('de:ad:00:00:00:01', 11)).toBeUndefined();
  });

  it('refuse bad rules with the field named', () => {
    expect(() => parseRule({ name: 'Bad Name', action: { kind: 'ignore' } })).toThrow(/rule name: must be lower-case/);
    expect(() => parseRule({ name: 'x', match: { archs: ['x64'] }, action: { kind: 'ignore' } })).toThrow(
      /rule match\.archs\.0/,
    );
    expect(() => parseRule({ name: 'x', match: { macs: ['nope'] }, action: { kind: 'ignore' } })).toThrow(
      /match\.macs\.0/,
    );
    expect(() => parseRule({ name: 'x', action: { kind: 'url', url: 'javascript:alert(1)' } })).toThrow(/action\.url/);
    expect(() => parseRule({ name: 'x', action: { kind: 'script', script: '../etc' } })).toThrow(/action\.script/);
  });

  it('fill in defaults so stored rules are complete', () => {
    expect(parseRule({ name: 'x', action: { kind: 'ignore' } })).toEqual({
      name: 'x',
      priority: 100,
      description: '',
      match: { macs: [], archs: [], ipxe: 'any', labels: {} },
      action: { kind: 'ignore' },
    });
  });
});
