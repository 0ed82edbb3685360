import { describe, expect, it } from 'vitest';
import { decide } from './answer.ts';
import { describeClient } from './boot-request.ts';
import { parseRule } from './rules/rule.ts';
import { UrlSigner } from './signer.ts';

const signer = new UrlSigner(new Uint8Array(32).fill(3));
const ctx = { urls: { base: 'http://10.77.0.1:8080', signer, ttlSeconds: 600 }, tftpAddress: '10.77.0.1' };
const rules = [
  // A script rule with no iPXE condition: other firmware must pass over it.
  parseRule({ name: 'script', priority: 1, action: { kind: 'script', script: 'default' } }),
  parseRule({ name: 'bios', match: { archs: ['bios'] }, action: { kind: 'file', file: 'undionly.kpxe' } }),
  parseRule({
    name: 'uefi',
    match: { archs: ['efi-x64', 'efi-x64-http'] },
    action: { kind: 'file', file: 'ipxe.efi' },
  }),
  parseRule({
    name: 'arm',
    match: { archs: ['efi-arm64'] },
    action: { kind: 'url', url: 'tftp://10.77.0.9/arm/ipxe.efi' },
  }),
  parseRule({ name: 'skip', priority: 0, match: { macs: ['52:54:00:00:00:99'] }, action: { kind: 'ignore' } }),
];
const ask = (arch: number, vendorClass: string, userClass?: string, mac = '52:54:00:12:34:56') =>
  decide(rules, describeClient({ mac, arch, vendorClass, userClasses: userClass ? [userClass] : undefined }), ctx);

describe('boot answers', () => {
  it('give BIOS PXE undionly.kpxe over TFTP from this server', () => {
    expect(ask(0, 'PXEClient:Arch:00000:UNDI:002001').answer).toEqual({
      kind: 'tftp',
      nextServer: '10.77.0.1',
      bootFile: 'undionly.kpxe',
      vendorClass: 'PXEClient',
      rule: 'bios',
    });
  });

  it('give UEFI HTTP boot a full URL and echo HTTPClient', () => {
    expect(ask(16, 'HTTPClient:Arch:00016:UNDI:003000').answer).toEqual({
      kind: 'http',
      httpUrl: 'http://10.77.0.1:8080/boot/files/ipxe.efi',
      vendorClass: 'HTTPClient',
      rule: 'uefi',
    });
  });

  it('give iPXE a signed script URL naming the machine and its arch', () => {
    const a = ask(7, 'PXEClient:Arch:00007:UNDI:003010', 'iPXE').answer;
    expect(a?.kind).toBe('http');
    const url = new URL(a?.kind === 'http' ? a.httpUrl : '');
    expect(url.pathname).toBe('/boot/script/52-54-00-12-34-56/7');
    expect(signer.verify(url.pathname, url.searchParams)).toEqual({ ok: true });
  });

  it('turn tftp:// URLs into next-server and file for PXE firmware', () => {
    const a = ask(11, 'PXEClient:Arch:00011:UNDI:003000').answer;
    expect(a).toMatchObject({ kind: 'tftp', nextServer: '10.77.0.9', bootFile: 'arm/ipxe.efi' });
  });

  it('stay silent for ignored machines and for machines no rule matches', () => {
    expect(ask(0, 'PXEClient', undefined, '52:54:00:00:00:99')).toMatchObject({
      answer: undefined,
      rule: { name: 'skip' },
    });
    expect(ask(10, 'PXEClient:Arch:00010:UNDI:003000')).toEqual({
      rule: undefined,
      inventory: 'none',
      answer: undefined,
    });
  });
});
