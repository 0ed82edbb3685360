import { mutated } from '@paddock/testkit/fuzz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodePacket } from './codec.ts';
import { planRequest } from './request.ts';

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('planRequest', () => {
  it('accepts a read request with its options', () => {
    expect(planRequest(bytes('\0\x01ipxe.efi\0octet\0blksize\x001432\0'))).toEqual({
      kind: 'read',
      filename: 'ipxe.efi',
      mode: 'octet',
      options: [{ name: 'blksize', value: '1432' }],
    });
  });

  it('refuses writes with ERROR 2, mail mode and malformed requests with ERROR 4, duplicates with 8', () => {
    expect(planRequest(bytes('\0\x02x\0octet\0'))).toEqual({ kind: 'refuse', code: 2, message: 'Read-only server' });
    expect(planRequest(bytes('\0\x01x\0mail\0'))).toMatchObject({ kind: 'refuse', code: 4 });
    expect(planRequest(bytes('\0\x01x\0bogus\0'))).toMatchObject({ kind: 'refuse', code: 4, message: /unknown mode/ });
    expect(planRequest(bytes('\0\x01x\0octet\0tsize\x000\0TSize\x000\0'))).toMatchObject({ kind: 'refuse', code: 8 });
  });

  it('drops junk and non-request packets silently', () => {
    expect(planRequest(bytes('x'))).toEqual({ kind: 'drop', reason: 'undecodable' });
    expect(planRequest(bytes('\0\x04\0\x01'))).toEqual({ kind: 'drop', reason: 'not-a-request' });
    expect(planRequest(bytes('\0\x07'))).toEqual({ kind: 'drop', reason: 'undecodable' });
    // The sender's option name stays out of the reason, however long.
    expect(planRequest(bytes(`\0\x06${'n'.repeat(30_000)}\0v`))).toEqual({ kind: 'drop', reason: 'undecodable' });
  });

  it("keeps the sender's bytes in a refusal short", () => {
    const v = planRequest(bytes(`\0\x01x\0${'m'.repeat(30_000)}\0`));
    expect(v).toMatchObject({ kind: 'refuse', code: 4 });
    expect(v.kind === 'refuse' && v.message.length).toBeLessThan(200);
    const w = planRequest(bytes(`\0\x01x\0octet\0${'o'.repeat(30_000)}\0v`));
    expect(w.kind === 'refuse' && w.message.length).toBeLessThan(200);
  });

  it('never throws on random or mutated requests', () => {
    const seed = encodePacket({
      op: 'rrq',
      filename: 'x.efi',
      mode: 'octet',
      options: [{ name: 'tsize', value: '0' }],
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 100 }), mutated(seed)), (b) => {
        expect(['drop', 'refuse', 'read']).toContain(planRequest(b).kind);
      }),
      { numRuns: 3000 },
    );
  });
});
