import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CipherSuite, cipherSuite } from './cipher-suite.ts';
import { deriveKeys } from './crypto.ts';
import { decodeResponse } from './message.ts';
import { decodeOpenSessionResponse, decodeRakp2, decodeRakp4 } from './rakp.ts';
import { decodeAsfPong } from './rmcp.ts';
import { IpmiSession } from './session.ts';
import { decodeSessionPacket, encodeSessionPacket } from './session-packet.ts';

const suite = cipherSuite(3) as CipherSuite;
const keys = deriveKeys(suite, new Uint8Array(20).fill(3));
// Mostly RMCP+-shaped bytes, so the fuzzer gets past the first checks often.
const datagram = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc.uint8Array({ minLength: 12, maxLength: 120 }).map((b) => Uint8Array.from([6, 0, 0xff, 7, 6, ...b])),
);

describe('IPMI decoders on arbitrary bytes', () => {
  it('never throw', () => {
    fc.assert(
      fc.property(datagram, (b) => {
        for (const r of [
          decodeSessionPacket(b),
          decodeSessionPacket(b, { suite, keys }),
          decodeResponse(b),
          decodeAsfPong(b),
          decodeOpenSessionResponse(b),
          decodeRakp2(b, suite),
          decodeRakp4(b, suite),
        ])
          expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 3000 },
    );
  });

  it('never make the session machine throw, in any phase', () => {
    fc.assert(
      fc.property(fc.array(datagram, { maxLength: 6 }), (packets) => {
        const s = new IpmiSession({
          username: 'u',
          password: 'p',
          suite,
          privilege: 4,
          random: (n) => new Uint8Array(n).fill(1),
        });
        s.begin();
        for (const p of packets) expect(['drop', 'fail', 'send', 'active', 'response']).toContain(s.receive(p).kind);
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trip any payload through an authenticated, encrypted packet', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 0xffffffff }), (payload, seq) => {
        const p = { payloadType: 0, sessionId: 42, seq, payload };
        const bytes = encodeSessionPacket(p, { suite, keys, iv: new Uint8Array(16) });
        expect(decodeSessionPacket(bytes, { suite, keys })).toEqual({
          ok: true,
          value: { ...p, authenticated: true, encrypted: true },
        });
      }),
    );
  });
});
