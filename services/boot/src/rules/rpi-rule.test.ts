/**
 * A rule for Raspberry Pis (arch rpi, DHCP option 93 = 0x29) takes the Pi bootloader and
 * nothing else; the answer is the TFTP file the Pi asks for first (start4.elf).
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../answer.ts';
import { describeClient } from '../boot-request.ts';
import { UrlSigner } from '../signer.ts';
import { DEFAULT_RULES } from '../store/defaults.ts';
import { parseRule } from './rule.ts';

const rpi = parseRule({
  name: 'rpi-netboot',
  match: { archs: ['rpi'] },
  action: { kind: 'file', file: 'start4.elf' },
});
const rules = [...DEFAULT_RULES, rpi];
const ctx = {
  urls: { base: 'http://10.0.0.1:8080', signer: new UrlSigner(new Uint8Array(32).fill(1)), ttlSeconds: 60 },
  tftpAddress: '10.0.0.1',
};
const ask = (arch: number | undefined, vendorClass: string) =>
  decide(rules, describeClient({ mac: 'dc:a6:32:00:00:01', arch, vendorClass }), ctx);

describe('a Raspberry Pi boot rule', () => {
  it('is read from its arch name and matches option 93 = 0x29 only', () => {
    expect(rpi.match.archs).toEqual(['rpi']);
    const pi = ask(0x29, 'PXEClient:Arch:00041:UNDI:002001');
    expect(pi.answer).toMatchObject({
      kind: 'tftp',
      bootFile: 'start4.elf',
      nextServer: '10.0.0.1',
      rule: 'rpi-netboot',
    });
    expect(ask(0, 'PXEClient:Arch:00000:UNDI:002001').answer?.rule).toBe('bios-ipxe');
    expect(ask(11, 'PXEClient:Arch:00011:UNDI:003000').answer).toBeUndefined();
  });

  it('refuses an arch name it does not know, naming the field', () => {
    expect(() => parseRule({ name: 'x', match: { archs: ['raspberry'] }, action: { kind: 'ignore' } })).toThrow(
      /rule match\.archs\.0/,
    );
  });
});
