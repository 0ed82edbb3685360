import type { Rule } from '../rules/rule.ts';

/**
 * What a fresh boot service does: firmware gets iPXE (undionly.kpxe for BIOS, ipxe.efi for
 * x86-64 UEFI, over TFTP or as a URL for HTTP boot), and iPXE gets the "default" script, which
 * says that nothing is configured and returns to the firmware's next boot device. Users add
 * rules with a lower priority number to boot real systems.
 */
export const DEFAULT_RULES: Rule[] = [
  {
    name: 'ipxe-default-script',
    priority: 900,
    description: 'machines running iPXE get the default script',
    match: { macs: [], archs: [], ipxe: 'yes', labels: {} },
    action: { kind: 'script', script: 'default' },
  },
  {
    name: 'bios-ipxe',
    priority: 1000,
    description: 'BIOS PXE firmware chainloads iPXE',
    match: { macs: [], archs: ['bios'], ipxe: 'no', labels: {} },
    action: { kind: 'file', file: 'undionly.kpxe' },
  },
  {
    name: 'uefi-x64-ipxe',
    priority: 1000,
    description: 'x86-64 UEFI (PXE or HTTP boot) chainloads iPXE',
    match: { macs: [], archs: ['efi-x64', 'efi-x64-http'], ipxe: 'no', labels: {} },
    action: { kind: 'file', file: 'ipxe.efi' },
  },
];

export const DEFAULT_SCRIPT = {
  name: 'default',
  description: 'says nothing is configured and goes back to the firmware',
  body: `#!ipxe
echo Paddock has no boot rule for {{node.mac}} ({{node.arch}}) yet: add one with paddock boot rules put
sleep 5
exit
`,
};
