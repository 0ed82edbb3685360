import { type BootRule, ClientArch, IpxeMatch } from '@paddock/proto/boot/v1/boot.ts';
import { describe, expect, it } from 'vitest';
import { ARCH_NAMES, EMPTY_RULE, fieldsToRule, ruleToFields } from './rule-form.ts';

const rule: BootRule = {
  name: 'uefi-lab',
  priority: 10,
  description: 'UEFI machines of the lab',
  match: {
    macs: ['52:54:00:*'],
    archs: [ClientArch.CLIENT_ARCH_EFI_X64, ClientArch.CLIENT_ARCH_EFI_ARM64_HTTP],
    ipxe: IpxeMatch.IPXE_MATCH_NO,
    labels: { rack: 'r1', role: 'worker' },
  },
  action: { kind: { $case: 'file', value: 'ipxe.efi' } },
};

describe('the boot rule form', () => {
  it('shows a rule as fields and reads the same rule back', () => {
    const f = ruleToFields(rule);
    expect(f).toMatchObject({
      id: 'uefi-lab',
      priority: '10',
      macs: '52:54:00:*',
      archs: 'efi-x64, efi-arm64-http',
      ipxe: 'no',
      labels: 'rack=r1, role=worker',
      action: 'file',
      target: 'ipxe.efi',
    });
    expect(fieldsToRule(f)).toEqual(rule);
  });

  it('names every architecture of the API, and the ignore action has no target', () => {
    expect([...ARCH_NAMES.keys()]).toContain('bios');
    expect(ARCH_NAMES.size).toBe(11);
    expect(ARCH_NAMES.get('rpi')).toBe(ClientArch.CLIENT_ARCH_RPI);
    const ignore = fieldsToRule({ ...EMPTY_RULE, id: 'skip', action: 'ignore', target: 'left over' });
    expect(ignore.action).toEqual({ kind: { $case: 'ignore', value: true } });
    expect(ruleToFields(ignore)).toMatchObject({ action: 'ignore', target: '' });
  });

  it('says which field it cannot read', () => {
    expect(() => fieldsToRule({ ...EMPTY_RULE, archs: 'efi-x64 sparc' })).toThrow(
      /Architectures: "sparc" is not one of bios/,
    );
    expect(() => fieldsToRule({ ...EMPTY_RULE, labels: 'rack' })).toThrow(/Labels: "rack" is not key=value/);
    expect(() => fieldsToRule({ ...EMPTY_RULE, priority: 'high' })).toThrow(/Priority: "high"/);
  });
});
