import { describe, expect, it } from 'vitest';
import { describeGrpcError } from '../errors.ts';
import { grpcTimeout } from './call.ts';
import { statusOf, transportError } from './call-error.ts';
import { StreamResetError } from './stream.ts';

describe('the end of a call', () => {
  const ok = { ':status': 200, 'content-type': 'application/grpc' };

  it('is OK, or the status and percent-decoded message of the trailers', () => {
    expect(statusOf(ok, { 'grpc-status': '0' })).toBeUndefined();
    const err = statusOf(ok, { 'grpc-status': '5', 'grpc-message': 'no%20node%20%C3%BC', 'x-hint': 'a' });
    expect(err).toMatchObject({ code: 5, details: 'no node ü', metadata: { 'x-hint': 'a' } });
    expect(describeGrpcError(err)).toBe('not found: no node ü');
  });

  it('takes a failure before any message from the headers (trailers-only)', () => {
    expect(statusOf({ ...ok, 'grpc-status': '16', 'grpc-message': 'invalid token' }, undefined)).toMatchObject({
      code: 16,
      details: 'invalid token',
    });
  });

  it('maps an answer that is not gRPC by its HTTP status or content type', () => {
    expect(statusOf({ ':status': 404 }, undefined)?.code).toBe(12);
    expect(statusOf({ ':status': 503 }, undefined)?.code).toBe(14);
    expect(statusOf({ ':status': 200, 'content-type': 'text/html' }, undefined)?.code).toBe(2);
    expect(statusOf(ok, undefined)?.code).toBe(13);
    expect(statusOf(undefined, undefined)?.code).toBe(14);
  });

  it('maps transport failures: a refused connection is unavailable, a reset stream by its code', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(describeGrpcError(transportError(refused, '127.0.0.1:1'))).toBe(
      'unavailable: cannot reach 127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1',
    );
    expect(transportError(new StreamResetError('REFUSED_STREAM'), 'a:1').code).toBe(14);
    expect(transportError(new StreamResetError('ENHANCE_YOUR_CALM'), 'a:1').code).toBe(8);
    expect(transportError(new StreamResetError('INTERNAL_ERROR'), 'a:1').code).toBe(13);
  });
});

describe('grpc-timeout', () => {
  it('is milliseconds while 8 digits hold them, else a coarser unit rounded up', () => {
    expect(grpcTimeout(30_000)).toBe('30000m');
    expect(grpcTimeout(0.2)).toBe('1m');
    expect(grpcTimeout(99_999_999)).toBe('99999999m');
    expect(grpcTimeout(100_000_000)).toBe('100000S');
    expect(grpcTimeout(Number.MAX_SAFE_INTEGER)).toMatch(/^\d{1,8}H$/);
  });
});
