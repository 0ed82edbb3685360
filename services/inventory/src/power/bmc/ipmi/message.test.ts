import { describe, expect, it } from 'vitest';
import { checksum, decodeResponse, encodeRequest } from './message.ts';

describe('IPMI LAN messages', () => {
  it('encodes Get Chassis Status as ipmitool does', () => {
    // rsAddr 20, netFn 0 LUN 0, checksum e0, rqAddr 81, rqSeq 1, cmd 01, checksum 7a.
    const bytes = encodeRequest({ netFn: 0, cmd: 1, rqSeq: 1, data: new Uint8Array(0) });
    expect([...bytes]).toEqual([0x20, 0x00, 0xe0, 0x81, 0x04, 0x01, 0x7a]);
  });

  it('decodes a response and checks both checksums', () => {
    const head = [0x81, 0x04];
    const body = [0x20, 0x04, 0x01, 0x00, 0x21, 0x10, 0x40];
    const bytes = Uint8Array.from([...head, checksum(Uint8Array.from(head)), ...body, checksum(Uint8Array.from(body))]);
    const d = decodeResponse(bytes);
    expect(d).toEqual({
      ok: true,
      value: { netFn: 0, cmd: 1, rqSeq: 1, cc: 0, data: Uint8Array.of(0x21, 0x10, 0x40) },
    });
    bytes[5] = bytes[5]! ^ 1;
    expect(decodeResponse(bytes)).toEqual({ ok: false, reason: 'IPMI message data checksum mismatch' });
  });

  it('refuses a request echoed back and a message for someone else', () => {
    const req = encodeRequest({ netFn: 0, cmd: 1, rqSeq: 1, data: Uint8Array.of(0) });
    expect(decodeResponse(req)).toMatchObject({ ok: false });
    const head = [0x83, 0x04];
    const body = [0x20, 0x04, 0x01, 0x00];
    const other = Uint8Array.from([...head, checksum(Uint8Array.from(head)), ...body, checksum(Uint8Array.from(body))]);
    expect(decodeResponse(other)).toEqual({ ok: false, reason: 'IPMI message addressed to 0x83, not the console' });
  });
});
