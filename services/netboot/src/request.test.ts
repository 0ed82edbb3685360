import { decodeMessage, OPTION, removeOption, setOption } from '@paddock/dhcp-codec';
import { fixture } from '@paddock/dhcp-codec/testdata';
import { describe, expect, it } from 'vitest';
import { describeNetboot, isIpxe, isNetbootRequest } from './client.ts';
import { requestFromDhcp } from './request.ts';

const ipxeDiscover = () => {
  const d = decodeMessage(fixture('ipxe-bios-discover'));
  if (!d.ok) throw new Error('fixture does not decode');
  return d.message;
};

describe('boot requests', () => {
  it('reads MAC, arch, user class and vendor class from a DISCOVER captured from iPXE', () => {
    const r = requestFromDhcp(ipxeDiscover());
    expect(r).toMatchObject({
      mac: '52:54:00:12:34:56',
      arch: 0,
      userClasses: ['iPXE'],
      vendorClass: 'PXEClient:Arch:00000:UNDI:002001',
      ipxeOptions: true,
      ip: undefined,
    });
    expect(describeNetboot(r)).toMatchObject({ arch: 'bios', ipxe: true, firmware: 'pxe', family: 'PXEClient' });
  });

  it('sees iPXE among several RFC 3004 user classes, and by its option 175 alone', () => {
    const rom = removeOption(ipxeDiscover(), OPTION.ipxe.code);
    const several = setOption(rom, OPTION.userClass, { format: 'rfc3004', classes: ['paddock-lab', 'iPXE'] });
    expect(requestFromDhcp(several).userClasses).toEqual(['paddock-lab', 'iPXE']);
    expect(describeNetboot(requestFromDhcp(several)).ipxe).toBe(true);
    const other = setOption(rom, OPTION.userClass, { format: 'rfc3004', classes: ['paddock-lab', 'iPXE-ish'] });
    expect(describeNetboot(requestFromDhcp(other)).ipxe).toBe(false);
    const only175 = removeOption(ipxeDiscover(), OPTION.userClass.code);
    expect(describeNetboot(requestFromDhcp(only175)).ipxe).toBe(true);
    expect(isIpxe({ userClasses: ['gPXE', 'iPXE'] })).toBe(true);
    expect(isIpxe({})).toBe(false);
  });

  it('tells HTTP boot from PXE by option 60 or 93, and OS clients from netboot clients', () => {
    expect(describeNetboot({ mac: 'AA:BB:CC:DD:EE:FF', arch: 16 })).toMatchObject({
      mac: 'aa:bb:cc:dd:ee:ff',
      firmware: 'http',
    });
    expect(describeNetboot({ mac: 'aa:bb:cc:dd:ee:ff', vendorClass: 'HTTPClient:Arch:00016' }).firmware).toBe('http');
    expect(describeNetboot({ mac: 'aa:bb:cc:dd:ee:ff', arch: 7 }).firmware).toBe('unknown');
    expect(isNetbootRequest({ vendorClass: 'udhcp 1.35.0' })).toBe(false);
    expect(isNetbootRequest({ vendorClass: 'PXEClient' })).toBe(true);
    expect(isNetbootRequest({ arch: 0 })).toBe(true);
  });
});
