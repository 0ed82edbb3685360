import { describe, expect, it } from 'vitest';
import { decide } from '../answer.ts';
import { describeClient } from '../boot-request.ts';
import { UrlSigner } from '../signer.ts';
import { DEFAULT_RULES } from '../store/defaults.ts';
import { inventoryNote, selectRule } from './match.ts';
import { parseRule, type Rule } from './rule.ts';

const rules: Rule[] = [
  ...DEFAULT_RULES,
  // Every named rule below is for other MACs (aa:*), so only the inventory can pick it for MAC.
  parseRule({
    name: 'install',
    priority: 10,
    match: { macs: ['aa:*'], ipxe: 'yes' },
    action: { kind: 'script', script: 'install' },
  }),
  parseRule({ name: 'local-disk', priority: 20, match: { macs: ['aa:*'] }, action: { kind: 'ignore' } }),
  parseRule({
    name: 'uefi-only',
    priority: 30,
    match: { macs: ['aa:*'], archs: ['efi-x64'], ipxe: 'no' },
    action: { kind: 'file', file: 'grubx64.efi' },
  }),
  parseRule({
    name: 'workers',
    priority: 5,
    match: { labels: { role: 'worker' } },
    action: { kind: 'script', script: 'worker' },
  }),
];
const MAC = '52:54:00:00:00:01';
const BIOS = { arch: 0, vendorClass: 'PXEClient:Arch:00000:UNDI:002001' };
const UEFI = { arch: 7, vendorClass: 'PXEClient:Arch:00007:UNDI:003016' };
const IPXE = { arch: 0, vendorClass: 'PXEClient', userClasses: ['iPXE'] };
const pick = (asks: object, bootRule = '', labels: Record<string, string> = {}) => {
  const s = selectRule(rules, describeClient({ mac: MAC, ...asks, bootRule, labels }));
  return [s.rule?.name, s.inventory];
};

describe('the rule the inventory names for a node', () => {
  it('wins over every matching rule, whatever its priority, MACs or labels say', () => {
    expect(pick(IPXE, '', { role: 'worker' })).toEqual(['workers', 'none']);
    // local-disk matches aa:* only, and workers has the better priority: the name still wins.
    expect(pick(IPXE, 'local-disk', { role: 'worker' })).toEqual(['local-disk', 'used']);
    expect(pick(BIOS, 'local-disk')).toEqual(['local-disk', 'used']);
    expect(pick(IPXE, 'install', { role: 'worker' })).toEqual(['install', 'used']);
  });

  it('leaves the firmware to the normal rules while it is a script rule, so the chainload still works', () => {
    expect(pick(BIOS, 'install')).toEqual(['bios-ipxe', 'not-for-firmware']);
    expect(pick(UEFI, 'install')).toEqual(['uefi-x64-ipxe', 'not-for-firmware']);
    expect(pick(IPXE, 'install')).toEqual(['install', 'used']);
  });

  it('honours the named rule’s own arch and iPXE conditions', () => {
    expect(pick(UEFI, 'uefi-only')).toEqual(['uefi-only', 'used']);
    expect(pick(BIOS, 'uefi-only')).toEqual(['bios-ipxe', 'not-for-firmware']);
    expect(pick(IPXE, 'uefi-only')).toEqual(['ipxe-default-script', 'not-for-firmware']);
  });

  it('falls back to the normal order when no rule has that name, and says so', () => {
    expect(pick(BIOS, 'gone')).toEqual(['bios-ipxe', 'missing']);
    expect(pick(IPXE, 'gone', { role: 'worker' })).toEqual(['workers', 'missing']);
    const s = selectRule(rules, describeClient({ mac: MAC, ...BIOS, bootRule: 'gone' }));
    expect(inventoryNote(s, 'gone')).toBe('inventory rule gone does not exist');
    expect(inventoryNote(selectRule(rules, describeClient({ mac: MAC, ...BIOS })), '')).toBe('');
  });
});

describe('decide with an inventory rule', () => {
  const ctx = {
    urls: { base: 'http://10.0.0.1:8080', signer: new UrlSigner(new Uint8Array(32).fill(1)), ttlSeconds: 60 },
    tftpAddress: '10.0.0.1',
  };

  it('chainloads BIOS into iPXE, then gives iPXE the named script', () => {
    const bios = decide(rules, describeClient({ mac: MAC, ...BIOS, bootRule: 'install' }), ctx);
    expect(bios.answer).toMatchObject({ kind: 'tftp', bootFile: 'undionly.kpxe', rule: 'bios-ipxe' });
    const ipxe = decide(rules, describeClient({ mac: MAC, ...IPXE, bootRule: 'install' }), ctx);
    expect(ipxe).toMatchObject({ inventory: 'used', answer: { kind: 'http', rule: 'install' } });
  });

  it('boots nothing for a node the inventory pins to an ignore rule', () => {
    const d = decide(rules, describeClient({ mac: MAC, ...UEFI, bootRule: 'local-disk' }), ctx);
    expect(d).toMatchObject({ rule: { name: 'local-disk' }, inventory: 'used', answer: undefined });
  });
});
