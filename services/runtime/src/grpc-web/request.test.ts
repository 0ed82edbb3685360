import { encodeFrame } from '@paddock/wire';
import { describe, expect, it } from 'vitest';
import { deadlineFromTimeout, headersToMetadata, isGrpcPath, parseRequestBody } from './request.ts';

describe('gRPC-Web request parsing', () => {
  it('forwards the credential, x-* and binary headers, but not transport or principal headers', () => {
    const md = headersToMetadata({
      authorization: 'Bearer t',
      'x-trace': 'a',
      'x-blob-bin': Buffer.from([1, 2, 3]).toString('base64'),
      'x-grpc-web': '1',
      'x-paddock-principal': 'admin',
      cookie: 'session=1',
      host: 'example',
    });
    expect(md.get('authorization')).toEqual(['Bearer t']);
    expect(md.get('x-trace')).toEqual(['a']);
    expect(md.get('x-blob-bin')).toEqual([Buffer.from([1, 2, 3])]);
    expect(Object.keys(md.getMap()).sort()).toEqual(['authorization', 'x-blob-bin', 'x-trace']);
  });

  it('turns grpc-timeout into a deadline and ignores malformed values', () => {
    expect(deadlineFromTimeout('1500m', 1000)?.getTime()).toBe(2500);
    expect(deadlineFromTimeout('2S', 0)?.getTime()).toBe(2000);
    expect(deadlineFromTimeout('1H', 0)?.getTime()).toBe(3_600_000);
    expect(deadlineFromTimeout('123456789S')).toBeUndefined();
    expect(deadlineFromTimeout('10 seconds')).toBeUndefined();
    expect(deadlineFromTimeout(undefined)).toBeUndefined();
  });

  it('accepts only /package.Service/Method paths', () => {
    expect(isGrpcPath('/paddock.system.v1.SystemService/GetInfo')).toBe(true);
    expect(isGrpcPath('/index.html')).toBe(false);
    expect(isGrpcPath('/a.B/C/D')).toBe(false);
  });

  it('takes the one message out of a body and rejects trailers in a request', () => {
    const ok = parseRequestBody(encodeFrame('data', Uint8Array.of(8, 1)), false, 1024);
    expect(ok).toEqual({ ok: true, message: Buffer.from([8, 1]) });
    const t = parseRequestBody(encodeFrame('trailers', new Uint8Array(0)), false, 1024);
    expect(t).toMatchObject({ ok: false, code: 3, details: 'a gRPC-Web request carries no trailers' });
    const bad = parseRequestBody(new TextEncoder().encode('!!!!'), true, 1024);
    expect(bad).toMatchObject({ ok: false, code: 3, details: expect.stringMatching(/invalid base64/) });
  });
});
