import {
  type DhcpMessage,
  decodeMessage,
  emptyMessage,
  encodeMessage,
  fieldText,
  getOption,
  messageType,
  OPTION,
  readOption,
  setMessageType,
  setOption,
  subOptions,
} from '@paddock/dhcp-codec';
import { fixture } from '@paddock/dhcp-codec/testdata';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide } from '../answer.ts';
import { describeClient } from '../boot-request.ts';
import { parseRule } from '../rules/rule.ts';
import { UrlSigner } from '../signer.ts';
import { type ProxyContext, proxyVerdict } from './proxy-policy.ts';

const fixtureBytes = fixture('ipxe-bios-discover');
const ipxeDiscover = (() => {
  const d = decodeMessage(fixtureBytes);
  if (!d.ok) throw new Error('fixture does not decode');
  return d.message;
})();
const signer = new UrlSigner(new Uint8Array(32).fill(9));
const rules = [
  parseRule({ name: 'script', priority: 1, match: { ipxe: 'yes' }, action: { kind: 'script', script: 'default' } }),
  parseRule({ name: 'bios', match: { archs: ['bios'] }, action: { kind: 'file', file: 'undionly.kpxe' } }),
  parseRule({ name: 'http', match: { archs: ['efi-x64-http'] }, action: { kind: 'file', file: 'ipxe.efi' } }),
];
const ctx: ProxyContext = {
  serverAddress: '10.77.0.1',
  decide: (r) =>
    decide(rules, describeClient(r), {
      urls: { base: 'http://10.77.0.1:8080', signer, ttlSeconds: 600 },
      tftpAddress: '10.77.0.1',
    }),
};
const client = { address: '0.0.0.0', port: 68 };

function discover(vendorClass: string | undefined, arch?: number): DhcpMessage {
  let m = setMessageType(
    { ...emptyMessage(), xid: 0x1234, chaddr: Uint8Array.of(0x52, 0x54, 0, 1, 2, 3) },
    'DHCPDISCOVER',
  );
  if (vendorClass) m = setOption(m, OPTION.vendorClass, vendorClass);
  if (arch !== undefined) m = setOption(m, OPTION.clientArch, [arch]);
  return m;
}

describe('proxyDHCP policy', () => {
  it('offers iPXE (captured DISCOVER) its script URL, without an address, broadcast', () => {
    const v = proxyVerdict(ipxeDiscover, 67, client, ctx);
    if (v.kind !== 'reply') throw new Error(v.reason);
    const r = v.reply;
    expect(v.to).toEqual({ address: '255.255.255.255', port: 68 });
    expect(messageType(r)).toBe('DHCPOFFER');
    expect([r.yiaddr, r.xid]).toEqual(['0.0.0.0', ipxeDiscover.xid]);
    expect(r.chaddr).toEqual(ipxeDiscover.chaddr);
    expect(readOption(r, OPTION.leaseTime)).toBeUndefined();
    expect(readOption(r, OPTION.serverId)).toBe('10.77.0.1');
    expect(readOption(r, OPTION.vendorClass)).toBe('PXEClient');
    const url = new URL(readOption(r, OPTION.bootfileName)!);
    expect(url.pathname).toBe('/boot/script/52-54-00-12-34-56/0');
    expect(signer.verify(url.pathname, url.searchParams).ok).toBe(true);
    expect(getOption(r.options, 97)).toEqual(getOption(ipxeDiscover.options, 97));
    expect(readOption(r, OPTION.vendorSpecific)).toEqual([{ code: 6, data: '08' }]);
    // It must go out on the wire: the encoder accepts it within the client's size.
    expect(encodeMessage(r).ok).toBe(true);
  });

  it('gives BIOS PXE firmware next-server and a TFTP file, in the fixed fields too', () => {
    const v = proxyVerdict(discover('PXEClient:Arch:00000:UNDI:002001', 0), 67, client, ctx);
    if (v.kind !== 'reply') throw new Error(v.reason);
    expect(v.reply.siaddr).toBe('10.77.0.1');
    expect(fieldText(v.reply.file)).toBe('undionly.kpxe');
  });

  it('answers UEFI HTTP boot with HTTPClient and a URL, and 4011 requests with a unicast ACK', () => {
    const v = proxyVerdict(discover('HTTPClient:Arch:00016:UNDI:003000', 16), 67, client, ctx);
    if (v.kind !== 'reply') throw new Error(v.reason);
    expect(readOption(v.reply, OPTION.vendorClass)).toBe('HTTPClient');
    expect(readOption(v.reply, OPTION.bootfileName)).toBe('http://10.77.0.1:8080/boot/files/ipxe.efi');
    expect(readOption(v.reply, OPTION.vendorSpecific)).toBeUndefined();
    const req = {
      ...setMessageType(discover('PXEClient:Arch:00000:UNDI:002001', 0), 'DHCPREQUEST'),
      ciaddr: '10.77.0.50',
    };
    const ack = proxyVerdict(req, 4011, { address: '10.77.0.50', port: 68 }, ctx);
    if (ack.kind !== 'reply') throw new Error(ack.reason);
    expect(messageType(ack.reply)).toBe('DHCPACK');
    expect(ack.to).toEqual({ address: '10.77.0.50', port: 68 });
    expect(ack.reply.ciaddr).toBe('10.77.0.50');
  });

  it('answers relayed DISCOVERs to the relay', () => {
    const v = proxyVerdict({ ...discover('PXEClient', 0), giaddr: '10.9.0.1' }, 67, client, ctx);
    expect(v.kind === 'reply' && v.to).toEqual({ address: '10.9.0.1', port: 67 });
  });

  it('stays silent for ordinary DHCP clients, REQUESTs on 67, and machines no rule wants', () => {
    expect(proxyVerdict(discover(undefined), 67, client, ctx)).toEqual({
      kind: 'drop',
      reason: 'not a PXE or HTTP boot client (option 60)',
    });
    expect(proxyVerdict(discover('udhcp 1.35.0'), 67, client, ctx).kind).toBe('drop');
    const req = setMessageType(discover('PXEClient', 0), 'DHCPREQUEST');
    expect(proxyVerdict(req, 67, client, ctx)).toMatchObject({ reason: /only DISCOVER/ });
    expect(proxyVerdict(discover('PXEClient:Arch:00011', 11), 67, client, ctx)).toMatchObject({
      reason: 'no boot rule matches',
    });
    expect(proxyVerdict({ ...discover('PXEClient', 0), op: 2 }, 67, client, ctx)).toMatchObject({
      reason: 'not a BOOTREQUEST',
    });
  });

  it('never throws and never offers an address, whatever decodes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 240, maxLength: 600 }),
        fc.constantFrom(67, 4011) as fc.Arbitrary<67 | 4011>,
        (junk, port) => {
          // Start from the captured packet and overwrite a run of bytes, so many mutants still decode.
          const bytes = fixtureBytes.slice();
          bytes.set(junk.subarray(0, Math.min(junk.length, 40)), junk[0]! % Math.max(1, bytes.length - 40));
          const d = decodeMessage(bytes);
          if (!d.ok) return true;
          const v = proxyVerdict(d.message, port, client, ctx);
          return v.kind === 'drop' || (v.reply.yiaddr === '0.0.0.0' && encodeMessage(v.reply).ok === true);
        },
      ),
    );
    expect(subOptions.decode(Uint8Array.of(6, 1, 8, 255))).toEqual([{ code: 6, data: '08' }]);
  });
});
