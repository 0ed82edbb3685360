import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { describeGrpcError, ErrorKind, notFound } from './errors.ts';
import { toGrpcStatus } from './grpc-status.ts';

describe('errors', () => {
  it('maps a PaddockError to its status code and keeps the message', () => {
    const s = toGrpcStatus(notFound('no lease for 52:54:00:00:00:01'));
    expect(s.code).toBe(status.NOT_FOUND);
    expect(s.details).toBe('no lease for 52:54:00:00:00:01');
    expect(s.unexpected).toBe(false);
  });

  it('hides the detail of unexpected errors from the caller', () => {
    const s = toGrpcStatus(new TypeError('x is undefined at db.ts:12'));
    expect(s.code).toBe(status.INTERNAL);
    expect(s.details).not.toMatch(/db\.ts/);
    expect(s.unexpected).toBe(true);
  });

  it("names each kind by grpc-js's own status code", () => {
    const byName = status as unknown as Record<string, number>;
    for (const [kind, code] of Object.entries(ErrorKind)) {
      expect(code, kind).toBe(byName[kind.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()]);
    }
    expect(describeGrpcError({ code: status.DATA_LOSS, details: 'x' })).toBe('data loss: x');
  });

  it('describes a gRPC error in one line', () => {
    expect(describeGrpcError({ code: status.UNAUTHENTICATED, details: 'missing credential' })).toBe(
      'unauthenticated: missing credential',
    );
  });
});
