import { GetInfoResponse, WatchStatusRequest, WatchStatusResponse } from '@paddock/proto/system/v1/system.ts';
import { decodeTrailers, encodeBase64, encodeFrame, FrameDecoder, type GrpcWebFrame } from '@paddock/wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, startFixture } from './bridge-fixture.ts';

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(() => fx.stop());

const GET_INFO = '/paddock.system.v1.SystemService/GetInfo';
const WATCH = '/paddock.system.v1.SystemService/WatchStatus';

function post(path: string, body: BodyInit, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return fetch(fx.url + path, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1', ...headers },
    signal: signal ?? null,
  });
}

async function frames(res: Response): Promise<GrpcWebFrame[]> {
  const d = new FrameDecoder();
  const out = d.push(new Uint8Array(await res.arrayBuffer()));
  expect(d.finish()).toBeUndefined();
  return out;
}

function statusOf(frame: GrpcWebFrame | undefined) {
  expect(frame?.kind).toBe('trailers');
  const t = decodeTrailers(frame!.payload);
  if (!t.ok) throw new Error(t.error);
  return t.trailers;
}

const empty = encodeFrame('data', new Uint8Array(0));

describe('gRPC-Web bridge', () => {
  it('answers a unary call with the message then OK trailers, forwarding auth and x-* headers', async () => {
    const res = await post(GET_INFO, empty, { authorization: 'Bearer good', 'x-trace': 'node-7' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/grpc-web+proto');
    const [msg, trailers, ...rest] = await frames(res);
    expect(rest).toEqual([]);
    expect(GetInfoResponse.decode(msg!.payload).info?.hostname).toBe('node-7');
    expect(statusOf(trailers).status).toBe(0);
  });

  it('reports a failed credential as UNAUTHENTICATED in headers and trailers', async () => {
    const res = await post(GET_INFO, empty, { authorization: 'Bearer wrong' });
    expect(res.headers.get('grpc-status')).toBe('16');
    const [trailers] = await frames(res);
    expect(statusOf(trailers)).toMatchObject({ status: 16, message: 'invalid token' });
  });

  it('carries an error status, its non-ASCII message and trailing metadata', async () => {
    const t = statusOf((await frames(await post('/test.Faulty/Boom', empty)))[0]);
    expect(t.status).toBe(5);
    expect(t.message).toBe('no lease for 52:54:00:ab:cd:01 — 100% gone');
    expect(t.metadata).toContainEqual(['x-lease-hint', 'pool full']);
  });

  it('streams server messages as they are sent, and cancels the call when the client aborts', async () => {
    const abort = new AbortController();
    const body = encodeFrame('data', WatchStatusRequest.encode({ intervalMs: 150 }).finish());
    const res = await post(WATCH, body, {}, abort.signal);
    const reader = res.body!.getReader();
    const d = new FrameDecoder();
    const seen: bigint[] = [];
    while (seen.length < 3) {
      const { value, done } = await reader.read();
      expect(done).toBe(false);
      for (const f of d.push(value!)) seen.push(WatchStatusResponse.decode(f.payload).status!.sequence);
    }
    // Three messages read while the call is still open: they were not held back until its end.
    expect(seen.slice(0, 3)).toEqual([1n, 2n, 3n]);
    abort.abort();
    await expect(fx.cancelled).resolves.toBeUndefined();
  });

  it('accepts base64 text bodies and answers in text', async () => {
    const res = await post(GET_INFO, encodeBase64(empty), {
      'content-type': 'application/grpc-web-text',
      authorization: 'Bearer good',
    });
    expect(res.headers.get('content-type')).toBe('application/grpc-web-text+proto');
    expect(await res.text()).toMatch(/^AAAAA/);
  });

  it('never crashes on garbage, and says what was wrong', async () => {
    const junk = statusOf((await frames(await post(GET_INFO, 'hello world')))[0]);
    expect(junk).toMatchObject({ status: 3, message: expect.stringMatching(/unknown frame flag 0x68/) });
    const cut = statusOf((await frames(await post(GET_INFO, empty.subarray(0, 3))))[0]);
    expect(cut).toMatchObject({ status: 3, message: expect.stringMatching(/truncated/) });
    const none = statusOf((await frames(await post(GET_INFO, new Uint8Array(0))))[0]);
    expect(none).toMatchObject({ status: 3, message: 'gRPC-Web request has no message' });
    const path = statusOf((await frames(await post('/../etc/passwd', empty)))[0]);
    expect(path.status).toBe(12);
    // The bridge still serves a good call afterwards.
    expect((await post(GET_INFO, empty, { authorization: 'Bearer good' })).status).toBe(200);
  });

  it('refuses a body over the limit with RESOURCE_EXHAUSTED', async () => {
    const big = encodeFrame('data', new Uint8Array(100 * 1024));
    const t = statusOf((await frames(await post(GET_INFO, big)))[0]);
    expect(t).toMatchObject({ status: 8, message: 'request body exceeds 65536 bytes' });
  });

  it('answers client streaming with UNIMPLEMENTED', async () => {
    const two = Uint8Array.from([...empty, ...empty]);
    expect(statusOf((await frames(await post(GET_INFO, two)))[0]).status).toBe(12);
    expect(statusOf((await frames(await post('/test.Faulty/Upload', empty)))[0]).status).toBe(12);
  });
});
