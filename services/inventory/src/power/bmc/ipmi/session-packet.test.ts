import { describe, expect, it } from 'vitest';
import { type CipherSuite, cipherSuite } from './cipher-suite.ts';
import { decryptPayload, deriveKeys, encryptPayload } from './crypto.ts';
import { decodeSessionPacket, encodeSessionPacket, PayloadType } from './session-packet.ts';

const suite = cipherSuite(3) as CipherSuite;
const keys = deriveKeys(suite, new Uint8Array(20).fill(7));
const iv = new Uint8Array(16).fill(9);

describe('RMCP+ session packets', () => {
  it('round-trips an authenticated, encrypted IPMI payload', () => {
    for (let n = 0; n < 40; n++) {
      const payload = Uint8Array.from({ length: n }, (_, i) => i * 7);
      const p = { payloadType: PayloadType.ipmi, sessionId: 0x01020304, seq: 5, payload };
      const bytes = encodeSessionPacket(p, { suite, keys, iv });
      // §13.28.4: the signed part, auth type through next header, is a multiple of 4 bytes.
      expect((bytes.length - 4 - suite.integrityLength) % 4).toBe(0);
      expect(decodeSessionPacket(bytes, { suite, keys })).toEqual({
        ok: true,
        value: { ...p, authenticated: true, encrypted: true },
      });
    }
  });

  it('puts the session ID and sequence little-endian', () => {
    const bytes = encodeSessionPacket({
      payloadType: 0x10,
      sessionId: 0x0a0b0c0d,
      seq: 1,
      payload: Uint8Array.of(1, 2),
    });
    expect([...bytes]).toEqual([6, 0, 0xff, 7, 6, 0x10, 0x0d, 0x0c, 0x0b, 0x0a, 1, 0, 0, 0, 2, 0, 1, 2]);
  });

  it('refuses an altered packet and one signed with other keys', () => {
    const p = { payloadType: PayloadType.ipmi, sessionId: 1, seq: 1, payload: Uint8Array.of(1, 2, 3) };
    const bytes = encodeSessionPacket(p, { suite, keys, iv });
    const altered = bytes.slice();
    altered[20] = altered[20]! ^ 0x01;
    expect(decodeSessionPacket(altered, { suite, keys })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/AuthCode does not match/),
    });
    const other = deriveKeys(suite, new Uint8Array(20).fill(8));
    expect(decodeSessionPacket(bytes, { suite, keys: other })).toMatchObject({ ok: false });
    expect(decodeSessionPacket(bytes)).toEqual({ ok: false, reason: 'authenticated packet outside a session' });
  });

  it('refuses IPMI 1.5 and ASF datagrams with the reason', () => {
    expect(decodeSessionPacket(Uint8Array.of(6, 0, 0xff, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))).toMatchObject({
      reason: expect.stringMatching(/IPMI 1.5/),
    });
    expect(decodeSessionPacket(Uint8Array.of(6, 0, 0xff, 6, 0, 0, 0x11, 0xbe))).toMatchObject({
      reason: 'RMCP class 6 is not IPMI',
    });
  });
});

describe('AES-CBC-128 confidentiality', () => {
  it('pads with 1, 2, 3, … to whole blocks and strips it again', () => {
    for (const n of [0, 1, 14, 15, 16, 31]) {
      const data = new Uint8Array(n).fill(0x5a);
      const enc = encryptPayload(keys, iv, data);
      expect(enc.length % 16).toBe(0);
      expect(decryptPayload(keys, enc)).toEqual(data);
    }
  });

  it('names a wrong key instead of returning garbage', () => {
    const enc = encryptPayload(keys, iv, Uint8Array.of(1, 2, 3));
    const other = deriveKeys(suite, new Uint8Array(20).fill(1));
    expect(decryptPayload(other, enc)).toMatch(/pad/);
  });
});
