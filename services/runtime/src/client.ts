import * as grpc from '@grpc/grpc-js';
import { type GenericServiceDefinition, type MessageType, toGrpcDefinition } from './rpc.ts';
import { type ConnectOptions, type RunInfo, resolveTarget, type Target, tlsNameFor } from './target.ts';

export type { ConnectOptions, RunInfo } from './target.ts';
export { runningServers } from './target.ts';

export interface Connection {
  address: string;
  credentials: grpc.ChannelCredentials;
  /** Channel options to pass to createClient. */
  options: grpc.ChannelOptions;
  run?: RunInfo;
}

/** A grpc-js channel's credentials and options for the server the options point at. */
export function connect(opts: ConnectOptions): Connection {
  return grpcConnection(resolveTarget(opts));
}

export function grpcConnection(t: Target): Connection {
  const run = t.run && { run: t.run };
  if (t.insecure) return { address: t.address, credentials: grpc.credentials.createInsecure(), options: {}, ...run };
  const pem = (v: Buffer | string) => Buffer.from(v);
  const tls = grpc.credentials.createSsl(
    t.caPem === undefined ? null : pem(t.caPem),
    t.clientCert ? pem(t.clientCert.keyPem) : null,
    t.clientCert ? pem(t.clientCert.certPem) : null,
  );
  const token = t.token;
  const credentials =
    token === undefined
      ? tls
      : grpc.credentials.combineChannelCredentials(
          tls,
          grpc.credentials.createFromMetadataGenerator((_params, cb) => {
            const md = new grpc.Metadata();
            md.set('authorization', `Bearer ${token}`);
            cb(null, md);
          }),
        );
  const name = tlsNameFor(t.address);
  const options: grpc.ChannelOptions = name ? { 'grpc.ssl_target_name_override': name } : {};
  return { address: t.address, credentials, options, ...run };
}

type Req<M> = M extends { requestType: MessageType<infer T> } ? T : never;
type Res<M> = M extends { responseType: MessageType<infer T> } ? T : never;
type ClientMethod<M> = M extends { requestStream: false; responseStream: false }
  ? (request: Req<M>, opts?: { signal?: AbortSignal; deadlineMs?: number }) => Promise<Res<M>>
  : M extends { requestStream: false; responseStream: true }
    ? (request: Req<M>, opts?: { signal?: AbortSignal; metadata?: Record<string, string> }) => AsyncIterable<Res<M>>
    : M extends { requestStream: true; responseStream: false }
      ? (requests: AsyncIterable<Req<M>>, opts?: { signal?: AbortSignal; deadlineMs?: number }) => Promise<Res<M>>
      : never;

/** A typed client for a generated service definition (unary and server-streaming methods). */
export type Client<D extends GenericServiceDefinition> = {
  [K in keyof D['methods']]: ClientMethod<D['methods'][K]>;
} & {
  close(): void;
};

export function createClient<D extends GenericServiceDefinition>(
  def: D,
  address: string,
  credentials: grpc.ChannelCredentials,
  options: grpc.ChannelOptions = {},
): Client<D> {
  const Ctor = grpc.makeGenericClientConstructor(toGrpcDefinition(def), def.name);
  const raw = new Ctor(address, credentials, options) as unknown as Record<string, (...args: unknown[]) => unknown> &
    grpc.Client;
  const out: Record<string, unknown> = { close: () => raw.close() };
  for (const [key, m] of Object.entries(def.methods)) {
    if (m.requestStream && !m.responseStream) {
      out[key] = (requests: AsyncIterable<unknown>, o: { signal?: AbortSignal; deadlineMs?: number } = {}) =>
        clientStream(raw, key, requests, o);
      continue;
    }
    if (m.requestStream) continue;
    if (!m.responseStream) {
      out[key] = (request: unknown, o: { signal?: AbortSignal; deadlineMs?: number } = {}) =>
        new Promise((resolve, reject) => {
          const call = raw[key]!(
            request,
            new grpc.Metadata(),
            { deadline: Date.now() + (o.deadlineMs ?? 30_000) },
            (err: grpc.ServiceError | null, res: unknown) => (err ? reject(err) : resolve(res)),
          ) as grpc.ClientUnaryCall;
          o.signal?.addEventListener('abort', () => call.cancel(), { once: true });
        });
    } else {
      out[key] = (request: unknown, o: { signal?: AbortSignal; metadata?: Record<string, string> } = {}) => {
        const md = new grpc.Metadata();
        for (const [k, v] of Object.entries(o.metadata ?? {})) md.set(k, v);
        const call = raw[key]!(request, md) as grpc.ClientReadableStream<unknown>;
        o.signal?.addEventListener('abort', () => call.cancel(), { once: true });
        return call as AsyncIterable<unknown>;
      };
    }
  }
  return out as Client<D>;
}

/** A client-streaming call: writes each request (honouring back-pressure), then awaits the reply. */
function clientStream(
  raw: Record<string, (...args: unknown[]) => unknown>,
  key: string,
  requests: AsyncIterable<unknown>,
  o: { signal?: AbortSignal; deadlineMs?: number },
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const call = raw[key]!(
      new grpc.Metadata(),
      { deadline: Date.now() + (o.deadlineMs ?? 600_000) },
      (err: grpc.ServiceError | null, res: unknown) => (err ? reject(err) : resolve(res)),
    ) as grpc.ClientWritableStream<unknown>;
    o.signal?.addEventListener('abort', () => call.cancel(), { once: true });
    void (async () => {
      try {
        for await (const r of requests) {
          if (!call.write(r)) await new Promise((ok) => call.once('drain', ok));
        }
        call.end();
      } catch (err) {
        call.cancel();
        reject(err);
      }
    })();
  });
}
