import { readFileSync } from 'node:fs';
import { decodeMessage } from '@paddock/dhcp';
import { describe, expect, it } from 'vitest';
import { describeClient, isIpxeUserClass, requestFromDhcp } from './boot-request.ts';

const hex = readFileSync(new URL('./proxy/testdata/ipxe-bios-discover.hex', import.meta.url), 'utf8').replace(
  /\s+/g,
  '',
);

describe('boot requests', () => {
  it('reads MAC, arch, user class and vendor class from a DISCOVER captured from iPXE', () => {
    const d = decodeMessage(Uint8Array.from(hex.match(/../g)!, (h) => Number.parseInt(h, 16)));
    if (!d.ok) throw new Error('fixture does not decode');
    const r = requestFromDhcp(d.message);
    expect(r).toEqual({
      mac: '52:54:00:12:34:56',
      arch: 0,
      userClass: 'iPXE',
      vendorClass: 'PXEClient:Arch:00000:UNDI:002001',
      ip: undefined,
    });
    expect(describeClient(r)).toMatchObject({ arch: 'bios', ipxe: true, firmware: 'pxe' });
  });

  it('tells HTTP boot from PXE by option 60 or 93, and iPXE by its user class in either form', () => {
    expect(describeClient({ mac: 'AA:BB:CC:DD:EE:FF', arch: 16 })).toMatchObject({
      mac: 'aa:bb:cc:dd:ee:ff',
      firmware: 'http',
    });
    expect(describeClient({ mac: 'aa:bb:cc:dd:ee:ff', vendorClass: 'HTTPClient:Arch:00016' }).firmware).toBe('http');
    expect(describeClient({ mac: 'aa:bb:cc:dd:ee:ff', arch: 7 }).firmware).toBe('unknown');
    expect(isIpxeUserClass('iPXE')).toBe(true);
    expect(isIpxeUserClass('gPXE\u0000iPXE')).toBe(true);
    expect(isIpxeUserClass('iPXE-ish')).toBe(false);
    expect(isIpxeUserClass(undefined)).toBe(false);
  });
});
