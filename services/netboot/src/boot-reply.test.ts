import {
  type DhcpMessage,
  emptyMessage,
  fieldText,
  getOption,
  OPTION,
  readOption,
  setMessageType,
} from '@paddock/dhcp-codec';
import { describe, expect, it } from 'vitest';
import { withBootAnswer } from './boot-reply.ts';
import { describeNetboot } from './client.ts';

const offer = (): DhcpMessage => setMessageType(emptyMessage(2), 'DHCPOFFER');
const bios = describeNetboot({ mac: '52:54:00:00:00:01', arch: 0, vendorClass: 'PXEClient:Arch:00000' });
const ipxe = describeNetboot({ mac: '52:54:00:00:00:01', arch: 0, vendorClass: 'PXEClient', userClasses: ['iPXE'] });
const http = describeNetboot({ mac: '52:54:00:00:00:01', arch: 16, vendorClass: 'HTTPClient:Arch:00016' });
const dhcp = { serverAddress: '10.0.0.1', proxy: false };
const proxy = { serverAddress: '10.0.0.1', proxy: true, clientGuid: Uint8Array.of(0, 1, 2) };
const vendor43 = (m: DhcpMessage) => Array.from(getOption(m.options, OPTION.vendorSpecific.code) ?? []);

describe('the boot part of a DHCP reply', () => {
  it('gives PXE firmware siaddr, the file, PXEClient and discovery control (boot this file)', () => {
    const r = withBootAnswer(offer(), bios, { kind: 'tftp', bootFile: 'undionly.kpxe' }, dhcp);
    expect([r.siaddr, fieldText(r.file), readOption(r, OPTION.bootfileName)]).toEqual([
      '10.0.0.1',
      'undionly.kpxe',
      'undionly.kpxe',
    ]);
    expect(readOption(r, OPTION.vendorClass)).toBe('PXEClient');
    expect(vendor43(r)).toEqual([6, 1, 8, 255]);
  });

  it('gives iPXE no-pxedhcp in a lease reply, but PXEClient in a proxy offer (which it needs)', () => {
    const url = { kind: 'http' as const, httpUrl: 'http://10.0.0.1/boot/script/x' };
    const direct = withBootAnswer(offer(), ipxe, url, dhcp);
    expect(readOption(direct, OPTION.vendorClass)).toBeUndefined();
    expect(Array.from(getOption(direct.options, OPTION.ipxe.code) ?? [])).toEqual([176, 1, 1]);
    const proxied = withBootAnswer(offer(), ipxe, url, proxy);
    expect(readOption(proxied, OPTION.vendorClass)).toBe('PXEClient');
    expect(vendor43(proxied)).toEqual([6, 1, 8, 255]);
    expect(Array.from(getOption(proxied.options, OPTION.clientGuid.code) ?? [])).toEqual([0, 1, 2]);
  });

  it('answers UEFI HTTP boot with HTTPClient and the URL, no option 43; long names only in option 67', () => {
    const long = `http://10.0.0.1/${'x'.repeat(200)}`;
    const r = withBootAnswer(offer(), http, { kind: 'http', httpUrl: long }, proxy);
    expect(readOption(r, OPTION.vendorClass)).toBe('HTTPClient');
    expect(getOption(r.options, OPTION.vendorSpecific.code)).toBeUndefined();
    expect([r.file.length, readOption(r, OPTION.bootfileName)]).toEqual([0, long]);
  });

  it('names the TFTP server (66 and sname) and the next server when the answer says so', () => {
    const r = withBootAnswer(
      offer(),
      bios,
      { kind: 'tftp', bootFile: 'a.kpxe', nextServer: '10.0.0.5', serverName: 'tftp.lab' },
      dhcp,
    );
    expect([r.siaddr, fieldText(r.sname), readOption(r, OPTION.tftpServerName)]).toEqual([
      '10.0.0.5',
      'tftp.lab',
      'tftp.lab',
    ]);
  });

  it('gives the Raspberry Pi bootloader (option 93 = 0x29) the menu it checks and the server as a dotted quad', () => {
    const pi = describeNetboot({
      mac: 'dc:a6:32:00:00:01',
      arch: 0x29,
      vendorClass: 'PXEClient:Arch:00041:UNDI:002001',
    });
    const r = withBootAnswer(offer(), pi, { kind: 'tftp', bootFile: 'start4.elf' }, dhcp);
    expect(readOption(r, OPTION.vendorClass)).toBe('PXEClient');
    expect(Buffer.from(vendor43(r)).toString('latin1')).toContain('Raspberry Pi Boot');
    // Sub-options 6 (discovery control), 10 (prompt), 9 (menu: type 0, the text), then the end.
    const o = vendor43(r);
    expect(o.slice(0, 3)).toEqual([6, 1, 3]);
    expect(o.slice(9, 14)).toEqual([9, 20, 0, 0, 17]);
    expect(o.at(-1)).toBe(255);
    expect(readOption(r, OPTION.tftpServerName)).toBe('10.0.0.1');
    expect(r.siaddr).toBe('10.0.0.1');
  });
});
