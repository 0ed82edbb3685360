import { GetInfoResponse, SystemServiceDefinition, WatchStatusResponse } from '@paddock/proto/system/v1/system.ts';
import { encodeFrame, encodeTrailers } from '@paddock/wire';
import { describe, expect, it } from 'vitest';
import { serverStream, unary } from './client.ts';
import { GrpcCode, GrpcError } from './codes.ts';

const OK = encodeTrailers({ status: 0, message: '', metadata: [] });
const GRPC_WEB = { 'content-type': 'application/grpc-web+proto' };

/** A real Response whose body arrives in the given chunks, and a record of the request sent. */
function fakeFetch(chunks: Uint8Array[], init: ResponseInit = { headers: GRPC_WEB }) {
  const seen: { url: string; headers: Headers; body: Uint8Array }[] = [];
  const fn = async (url: string | URL | Request, req?: RequestInit) => {
    seen.push({ url: String(url), headers: new Headers(req?.headers), body: req?.body as Uint8Array });
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (const chunk of chunks) c.enqueue(chunk);
        c.close();
      },
    });
    return new Response(body, init);
  };
  return { fetch: fn as typeof fetch, seen };
}

function info(hostname: string) {
  return encodeFrame(
    'data',
    GetInfoResponse.encode({
      info: {
        name: 'up',
        version: '1',
        hostname,
        services: [],
        startedAtUnixMs: 0n,
        grpcAddress: '',
        httpAddress: '',
        insecure: false,
      },
    }).finish(),
  );
}

describe('gRPC-Web client', () => {
  it('posts a framed request with the token and decodes a reply split mid-frame', async () => {
    const body = Uint8Array.from([...info('rack-1'), ...encodeFrame('trailers', OK)]);
    const f = fakeFetch([body.subarray(0, 3), body.subarray(3, 20), body.subarray(20)]);
    const reply = await unary(
      SystemServiceDefinition,
      'getInfo',
      {},
      { token: 'tok', fetch: f.fetch, baseUrl: 'https://h' },
    );
    expect(reply.info?.hostname).toBe('rack-1');
    expect(f.seen[0]!.url).toBe('https://h/paddock.system.v1.SystemService/GetInfo');
    expect(f.seen[0]!.headers.get('authorization')).toBe('Bearer tok');
    expect(Array.from(f.seen[0]!.body)).toEqual([0, 0, 0, 0, 0]);
  });

  it('yields each streamed message in order', async () => {
    const msg = (sequence: bigint) =>
      encodeFrame(
        'data',
        WatchStatusResponse.encode({
          status: { serving: 1, uptimeMs: 0n, sequence, components: {}, nowUnixMs: 0n },
        }).finish(),
      );
    const f = fakeFetch([msg(1n), msg(2n), encodeFrame('trailers', OK)]);
    const got: bigint[] = [];
    for await (const r of serverStream(
      SystemServiceDefinition,
      'watchStatus',
      { intervalMs: 100 },
      { fetch: f.fetch },
    )) {
      got.push(r.status!.sequence);
    }
    expect(got).toEqual([1n, 2n]);
  });

  it('rejects with the code and message from the trailers, and calls onUnauthenticated', async () => {
    const f = fakeFetch([
      encodeFrame('trailers', encodeTrailers({ status: 16, message: 'invalid token', metadata: [] })),
    ]);
    let loggedOut = 0;
    const call = unary(
      SystemServiceDefinition,
      'getInfo',
      {},
      { fetch: f.fetch, onUnauthenticated: () => loggedOut++ },
    );
    await expect(call).rejects.toMatchObject({ code: GrpcCode.UNAUTHENTICATED, message: 'invalid token' });
    expect(loggedOut).toBe(1);
  });

  it('reads a trailers-only status from the headers', async () => {
    const f = fakeFetch([], { headers: { ...GRPC_WEB, 'grpc-status': '7', 'grpc-message': 'not%20yours' } });
    const err = await unary(SystemServiceDefinition, 'getInfo', {}, { fetch: f.fetch }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrpcError);
    expect(String(err)).toBe('permission denied: not yours');
  });

  it('treats a stream cut before its trailers as UNAVAILABLE, and HTML as not gRPC-Web', async () => {
    const cut = fakeFetch([info('x').subarray(0, 4)]);
    await expect(unary(SystemServiceDefinition, 'getInfo', {}, { fetch: cut.fetch })).rejects.toMatchObject({
      code: GrpcCode.UNAVAILABLE,
      message: expect.stringMatching(/truncated/),
    });
    const html = fakeFetch([new TextEncoder().encode('<!doctype html>')], { headers: { 'content-type': 'text/html' } });
    await expect(unary(SystemServiceDefinition, 'getInfo', {}, { fetch: html.fetch })).rejects.toMatchObject({
      code: GrpcCode.UNKNOWN,
      message: 'the server answered text/html, not gRPC-Web',
    });
  });

  it('maps HTTP errors and an unreachable server to gRPC codes', async () => {
    const missing = fakeFetch([], { status: 404 });
    await expect(unary(SystemServiceDefinition, 'getInfo', {}, { fetch: missing.fetch })).rejects.toMatchObject({
      code: 12,
    });
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    await expect(unary(SystemServiceDefinition, 'getInfo', {}, { fetch: down })).rejects.toMatchObject({ code: 14 });
  });
});
