import { decodeMessage, fieldText, getOption, OPTION, readOption, removeOption, setOption } from '@paddock/dhcp-codec';
import { fixture } from '@paddock/dhcp-codec/testdata';
import type { BootRequest } from '@paddock/netboot';
import { describe, expect, it } from 'vitest';
import { clientMessage, replyOf, subnetDoc, testEnv } from './testkit.ts';

const ipxe = () => {
  const d = decodeMessage(fixture('ipxe-bios-discover'));
  if (!d.ok) throw new Error(d.reason.detail);
  return d.message;
};
const BOOT = [
  { architectures: [0], bootFile: 'undionly.kpxe', ipxeBootFile: 'http://10.0.0.1/boot.ipxe' },
  { architectures: [7, 9], bootFile: 'ipxe.efi', nextServer: '10.0.0.5' },
  { architectures: [16], httpUrl: 'http://10.0.0.1/ipxe.efi' },
];

describe('network boot answers (RFC 4578)', () => {
  it('gives iPXE (user class iPXE) its script instead of itself: no chainload loop', () => {
    const offer = replyOf(testEnv({ subnets: [subnetDoc({ boot: BOOT })] }).send(ipxe()));
    expect(fieldText(offer.file)).toBe('http://10.0.0.1/boot.ipxe');
    // No "PXEClient" for iPXE (it would ask port 4011 for a boot server), but no-pxedhcp = 1.
    expect(readOption(offer, OPTION.vendorClass)).toBeUndefined();
    expect(Array.from(getOption(offer.options, OPTION.ipxe.code) ?? [])).toEqual([176, 1, 1]);
    expect(offer.siaddr).toBe('10.0.0.1');
  });

  it('gives the PXE ROM the boot file by architecture, with next-server', () => {
    const rom = removeOption(removeOption(ipxe(), OPTION.userClass.code), OPTION.ipxe.code);
    const env = testEnv({ subnets: [subnetDoc({ boot: BOOT })] });
    expect(fieldText(replyOf(env.send(rom)).file)).toBe('undionly.kpxe');
    const efi = setOption(
      setOption(rom, OPTION.clientArch, [7]),
      OPTION.vendorClass,
      'PXEClient:Arch:00007:UNDI:003000',
    );
    const offer = replyOf(env.send(efi));
    expect([fieldText(offer.file), offer.siaddr]).toEqual(['ipxe.efi', '10.0.0.5']);
    // Firmware gets "PXEClient" and PXE_DISCOVERY_CONTROL = boot this file (EDK2 needs it).
    expect(readOption(offer, OPTION.vendorClass)).toBe('PXEClient');
    expect(Array.from(getOption(offer.options, OPTION.vendorSpecific.code) ?? [])).toEqual([6, 1, 8, 255]);
  });

  it('answers UEFI HTTP boot with the URL and vendor class HTTPClient', () => {
    const http = clientMessage('DHCPDISCOVER', '52:54:00:00:00:10', (m) =>
      setOption(setOption(m, OPTION.clientArch, [16]), OPTION.vendorClass, 'HTTPClient:Arch:00016:UNDI:003000'),
    );
    const offer = replyOf(testEnv({ subnets: [subnetDoc({ boot: BOOT })] }).send(http));
    expect(readOption(offer, OPTION.vendorClass)).toBe('HTTPClient');
    expect(fieldText(offer.file)).toBe('http://10.0.0.1/ipxe.efi');
  });

  it('leaves booting to proxyDHCP without settings or provider answer, and ignores OS clients', () => {
    const plain = replyOf(testEnv().send(ipxe()));
    expect(plain.file.length).toBe(0);
    expect(getOption(plain.options, 60)).toBeUndefined();
    const os = replyOf(
      testEnv({ subnets: [subnetDoc({ boot: BOOT })] }).send(clientMessage('DHCPDISCOVER', '52:54:00:00:00:11')),
    );
    expect(os.file.length).toBe(0);
  });

  it('asks the boot service when the subnet has no boot settings of its own', () => {
    const asked: BootRequest[] = [];
    const env = testEnv({
      boot: {
        bootAnswer: (r) => {
          asked.push(r);
          return { kind: 'tftp', nextServer: '10.0.0.7', bootFile: 'from-rules.kpxe' };
        },
      },
    });
    const offer = replyOf(env.send(ipxe()));
    expect([fieldText(offer.file), offer.siaddr]).toEqual(['from-rules.kpxe', '10.0.0.7']);
    expect(asked[0]).toMatchObject({ arch: 0, userClasses: ['iPXE'], subnetId: 'lab' });
    expect(asked[0]?.vendorClass).toMatch(/^PXEClient:Arch:00000/);
  });

  it("gives iPXE the boot service's script URL with no-pxedhcp, not PXEClient (no 4 s at port 4011)", () => {
    const url = 'http://10.0.0.1:8080/boot/script/52-54-00-00-00-01/0?exp=1&sig=x';
    const offer = replyOf(
      testEnv({ boot: { bootAnswer: () => ({ kind: 'http', httpUrl: url, vendorClass: 'PXEClient' }) } }).send(ipxe()),
    );
    expect(fieldText(offer.file)).toBe(url);
    expect(readOption(offer, OPTION.bootfileName)).toBe(url);
    expect(readOption(offer, OPTION.vendorClass)).toBeUndefined();
    expect(Array.from(getOption(offer.options, OPTION.ipxe.code) ?? [])).toEqual([176, 1, 1]);
  });
});
