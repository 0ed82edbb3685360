/**
 * A fetch-based gRPC-Web client over the shared framing codec, typed from ts-proto's generic
 * service definitions: `unary(SystemServiceDefinition, 'getInfo', {}, { token })`.
 */
import { decodeTrailers, encodeFrame, FrameDecoder, percentDecodeGrpcMessage } from '@paddock/wire';
import { codeFromHttpStatus, GrpcCode, GrpcError } from './codes.ts';

export interface MethodDef {
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: ts-proto's encode takes the message type; inferred below.
  requestType: { encode(message: any): { finish(): Uint8Array } };
  responseType: { decode(input: Uint8Array): unknown };
  responseStream: boolean;
}
export interface ServiceDef {
  fullName: string;
  methods: Record<string, MethodDef>;
}
export type RequestOf<M> = M extends { requestType: { encode(message: infer R): unknown } } ? R : never;
export type ResponseOf<M> = M extends { responseType: { decode(input: Uint8Array): infer R } } ? R : never;

export interface CallOptions {
  /** The admin bearer token. */
  token?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Origin of the Paddock HTTP port; the page's own origin when omitted. */
  baseUrl?: string | undefined;
  /** Called once before an UNAUTHENTICATED error is thrown: the console goes back to login. */
  onUnauthenticated?: (() => void) | undefined;
  fetch?: typeof fetch | undefined;
}

export async function unary<S extends ServiceDef, K extends keyof S['methods'] & string>(
  def: S,
  method: K,
  request: RequestOf<S['methods'][K]>,
  options: CallOptions = {},
): Promise<ResponseOf<S['methods'][K]>> {
  const replies: ResponseOf<S['methods'][K]>[] = [];
  for await (const reply of serverStream(def, method, request, options)) replies.push(reply);
  if (replies.length !== 1) throw new GrpcError(GrpcCode.INTERNAL, `unary call got ${replies.length} replies`);
  return replies[0]!;
}

export async function* serverStream<S extends ServiceDef, K extends keyof S['methods'] & string>(
  def: S,
  method: K,
  request: RequestOf<S['methods'][K]>,
  options: CallOptions = {},
): AsyncGenerator<ResponseOf<S['methods'][K]>, void, undefined> {
  const m = def.methods[method]!;
  try {
    const res = await (options.fetch ?? fetch)(`${options.baseUrl ?? ''}/${def.fullName}/${m.name}`, {
      method: 'POST',
      headers: headers(options.token),
      body: encodeFrame('data', m.requestType.encode(request).finish()),
      signal: options.signal ?? null,
    });
    checkHeaders(res);
    for await (const payload of readMessages(res)) yield decode(m, payload) as ResponseOf<S['methods'][K]>;
  } catch (err) {
    const e = toGrpcError(err);
    if (e.code === GrpcCode.UNAUTHENTICATED) options.onUnauthenticated?.();
    throw e;
  }
}

function decode(m: MethodDef, payload: Uint8Array): unknown {
  try {
    return m.responseType.decode(payload);
  } catch (err) {
    throw new GrpcError(
      GrpcCode.INTERNAL,
      `cannot decode ${m.name} reply: ${err instanceof Error ? err.message : err}`,
    );
  }
}

function headers(token: string | undefined): Record<string, string> {
  const h: Record<string, string> = { 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1' };
  if (token) h['authorization'] = `Bearer ${token}`;
  return h;
}

/** A failure before any message ("trailers-only") is already known from the headers. */
function checkHeaders(res: Response): void {
  if (!res.ok) throw new GrpcError(codeFromHttpStatus(res.status), `HTTP ${res.status} ${res.statusText}`.trim());
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith('application/grpc-web')) {
    throw new GrpcError(GrpcCode.UNKNOWN, `the server answered ${type || 'no content type'}, not gRPC-Web`);
  }
  const code = Number(res.headers.get('grpc-status') ?? '0');
  if (code !== GrpcCode.OK) throw new GrpcError(code, percentDecodeGrpcMessage(res.headers.get('grpc-message') ?? ''));
}

async function* readMessages(res: Response): AsyncGenerator<Uint8Array, void, undefined> {
  if (!res.body) throw new GrpcError(GrpcCode.INTERNAL, 'response has no body');
  const reader = res.body.getReader();
  const decoder = new FrameDecoder();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      for (const frame of decoder.push(value)) {
        if (frame.kind === 'data') yield frame.payload;
        else return finishWith(frame.payload);
      }
      if (decoder.error) throw new GrpcError(GrpcCode.INTERNAL, `bad gRPC-Web response: ${decoder.error}`);
    }
    // A body without trailers means the connection dropped mid-call.
    throw new GrpcError(GrpcCode.UNAVAILABLE, decoder.finish() ?? 'the stream ended without a status');
  } finally {
    // Stops the download when the consumer leaves early (break, or an error).
    reader.cancel().catch(() => {});
  }
}

function finishWith(payload: Uint8Array): void {
  const t = decodeTrailers(payload);
  if (!t.ok) throw new GrpcError(GrpcCode.INTERNAL, `bad gRPC-Web trailers: ${t.error}`);
  if (t.trailers.status !== GrpcCode.OK) throw new GrpcError(t.trailers.status, t.trailers.message);
}

function toGrpcError(err: unknown): GrpcError {
  if (err instanceof GrpcError) return err;
  if (err instanceof DOMException && err.name === 'AbortError')
    return new GrpcError(GrpcCode.CANCELLED, 'call cancelled');
  const detail = err instanceof Error ? err.message : String(err);
  // fetch throws a TypeError when the server cannot be reached or the connection drops.
  if (err instanceof TypeError) return new GrpcError(GrpcCode.UNAVAILABLE, `cannot reach the server (${detail})`);
  return new GrpcError(GrpcCode.UNKNOWN, detail);
}
