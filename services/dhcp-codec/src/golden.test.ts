import { bytesToHex } from '@paddock/wire';
import { describe, expect, it } from 'vitest';
import { messageType, readOption } from './accessors.ts';
import { decodeMessage } from './decode.ts';
import { encodeMessage } from './encode.ts';
import type { DhcpMessage } from './message.ts';
import { OPTION } from './registry.ts';
import { findSubOption } from './sub-options.ts';
import { FIXTURES, fixture } from './testdata/fixtures.ts';

function decoded(name: string): DhcpMessage {
  const d = decodeMessage(fixture(name));
  if (!d.ok) throw new Error(`${name}: ${d.reason.code} ${d.reason.detail}`);
  return d.message;
}

describe('packets from real clients', () => {
  it.each(FIXTURES)('%s re-encodes byte for byte and decodes to the same message', (name) => {
    const bytes = fixture(name);
    const e = encodeMessage(decoded(name), { maxLength: 1472 });
    expect(e.ok && bytesToHex(e.bytes, '')).toBe(bytesToHex(bytes, ''));
    const again = e.ok ? decodeMessage(e.bytes) : undefined;
    expect(again?.ok && again.message).toEqual(decoded(name));
  });

  it('udhcpc: DISCOVER with requested IP, hostname, vendor class, MAC client id, 576 max size', () => {
    const m = decoded('udhcpc-discover');
    expect(messageType(m)).toBe('DHCPDISCOVER');
    expect(bytesToHex(m.chaddr)).toBe('52:54:00:aa:bb:01');
    expect(readOption(m, OPTION.requestedIp)).toBe('10.9.8.7');
    expect(readOption(m, OPTION.hostname)).toBe('paddock-udhcpc');
    expect(readOption(m, OPTION.vendorClass)).toBe('paddock-vc');
    expect(readOption(m, OPTION.clientId)).toBe('01525400aabb01');
    expect(readOption(m, OPTION.maxMessageSize)).toBe(576);
    expect(readOption(m, OPTION.parameterRequestList)).toEqual([1, 3, 6, 12, 15, 28, 42]);
  });

  it('dhclient: DISCOVER and INIT-REBOOT REQUEST carry the configured PRL in order', () => {
    const prl = [1, 28, 2, 3, 15, 6, 119, 12, 26, 121, 42, 51];
    const d = decoded('dhclient-discover');
    const r = decoded('dhclient-request');
    expect([messageType(d), messageType(r)]).toEqual(['DHCPDISCOVER', 'DHCPREQUEST']);
    expect(readOption(d, OPTION.parameterRequestList)).toEqual(prl);
    expect(readOption(r, OPTION.requestedIp)).toBe('10.9.8.42');
    expect(readOption(r, OPTION.serverId)).toBeUndefined(); // INIT-REBOOT: RFC 2131 §4.3.2
    expect(readOption(r, OPTION.hostname)).toBe('paddock-dhclient');
    expect(readOption(r, OPTION.vendorClass)).toBe('paddock-dhclient-vc');
  });

  it('dhcpcd: RFC 4361 client id (type 255, IAID + DUID), 1472 max size, unknown option 145 kept', () => {
    const m = decoded('dhcpcd-discover');
    expect(readOption(m, OPTION.clientId)).toMatch(/^ff00aabb01000100/);
    expect(readOption(m, OPTION.maxMessageSize)).toBe(1472);
    expect(readOption(m, OPTION.parameterRequestList)).toEqual([1, 121, 3, 6, 12, 15, 26, 28, 33, 51, 54, 58, 59, 119]);
    expect(m.options.find((o) => o.code === 145)?.data).toEqual(Uint8Array.of(1));
  });

  it('iPXE (BIOS): PXE arch, NDI, vendor class, plain user class, GUID and option 175', () => {
    const m = decoded('ipxe-bios-discover');
    expect(readOption(m, OPTION.clientArch)).toEqual([0]);
    expect(readOption(m, OPTION.clientNdi)).toEqual({ type: 1, major: 2, minor: 1 });
    expect(readOption(m, OPTION.vendorClass)).toBe('PXEClient:Arch:00000:UNDI:002001');
    expect(readOption(m, OPTION.userClass)).toEqual({ format: 'plain', text: 'iPXE' });
    expect(readOption(m, OPTION.clientGuid)).toMatch(/^[0-9a-f]{8}-/);
    expect(readOption(m, OPTION.parameterRequestList)).toHaveLength(23);
    const ipxe = m.options.find((o) => o.code === 175)!.data;
    expect(ipxe.length).toBe(48);
    expect(findSubOption(ipxe, 19)).toEqual(Uint8Array.of(1)); // iPXE feature flag: HTTP
  });
});
