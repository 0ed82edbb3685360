import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { PaddockError } from './errors.ts';
import { pkiPaths } from './pki-paths.ts';
import { type GenericServiceDefinition, type MessageType, toGrpcDefinition } from './rpc.ts';

/**
 * How a client reaches a server. On the server's own machine nothing needs to be given: the
 * server writes `<data-dir>/run/<name>.json` with its addresses, and the CA and admin token
 * are beside it (as kubectl finds k3s's kubeconfig).
 */
export interface ConnectOptions {
  dataDir: string;
  /** host:port of the gRPC port; found in the data dir when omitted. */
  server?: string | undefined;
  token?: string | undefined;
  /** PEM file of the CA that signed the server's certificate; `<data-dir>/pki/ca.crt` by default. */
  caFile?: string | undefined;
  insecure?: boolean | undefined;
  /** The gRPC service the caller wants, to pick the right server among several. */
  service?: string | undefined;
}

/** What `<data-dir>/run/<name>.json` says of a running server, for clients on this machine. */
export interface RunInfo {
  name: string;
  services: string[];
  grpc: string;
  http: string;
  pid: number;
  insecure: boolean;
}

/** Servers running on this machine from this data dir (stale run files of dead processes skipped). */
export function runningServers(dataDir: string): RunInfo[] {
  const dir = join(dataDir, 'run');
  if (!existsSync(dir)) return [];
  const out: RunInfo[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    try {
      const info = JSON.parse(readFileSync(join(dir, f), 'utf8')) as RunInfo;
      process.kill(info.pid, 0);
      out.push(info);
    } catch {
      // unreadable, or its process is gone
    }
  }
  return out;
}

export interface Connection {
  address: string;
  credentials: grpc.ChannelCredentials;
  /** Channel options to pass to createClient. */
  options: grpc.ChannelOptions;
  run?: RunInfo;
}

export function connect(opts: ConnectOptions): Connection {
  let address = opts.server;
  let insecure = opts.insecure ?? false;
  let run: RunInfo | undefined;
  if (!address) {
    const servers = runningServers(opts.dataDir);
    run = servers.find((s) => !opts.service || s.services.includes(opts.service));
    if (!run) {
      const what = opts.service ? `offering ${opts.service} ` : '';
      throw new PaddockError(
        'unavailable',
        `no Paddock server ${what}is running from ${opts.dataDir} (give --server and --token, or --data-dir)`,
      );
    }
    address = run.grpc;
    insecure = run.insecure;
  }
  if (insecure) return { address, credentials: grpc.credentials.createInsecure(), options: {}, ...(run && { run }) };
  const paths = pkiPaths(opts.dataDir);
  const caFile = opts.caFile ?? paths.caCert;
  const token = opts.token ?? readSecret(paths.adminToken, 'admin token');
  const ca = readSecret(caFile, 'CA certificate');
  const bearer = grpc.credentials.createFromMetadataGenerator((_params, cb) => {
    const md = new grpc.Metadata();
    md.set('authorization', `Bearer ${token}`);
    cb(null, md);
  });
  const credentials = grpc.credentials.combineChannelCredentials(grpc.credentials.createSsl(Buffer.from(ca)), bearer);
  // TLS server names cannot be IP addresses (RFC 6066 §3); our certificates always carry
  // "localhost", and only our CA is trusted, so name the server that when dialling an IP.
  const host = address.replace(/^\[(.*)\](:\d+)?$/, '$1').replace(/:\d+$/, '');
  const options: grpc.ChannelOptions = isIP(host) ? { 'grpc.ssl_target_name_override': 'localhost' } : {};
  return { address, credentials, options, ...(run && { run }) };
}

function readSecret(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const hint = code === 'EACCES' ? " (permission denied: run as the server's user, or give --token)" : '';
    throw new PaddockError('unauthenticated', `cannot read the ${what} at ${file}${hint}`);
  }
}

type Req<M> = M extends { requestType: MessageType<infer T> } ? T : never;
type Res<M> = M extends { responseType: MessageType<infer T> } ? T : never;
type ClientMethod<M> = M extends { requestStream: false; responseStream: false }
  ? (request: Req<M>, opts?: { signal?: AbortSignal; deadlineMs?: number }) => Promise<Res<M>>
  : M extends { requestStream: false; responseStream: true }
    ? (request: Req<M>, opts?: { signal?: AbortSignal }) => AsyncIterable<Res<M>>
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
      out[key] = (request: unknown, o: { signal?: AbortSignal } = {}) => {
        const call = raw[key]!(request, new grpc.Metadata()) as grpc.ClientReadableStream<unknown>;
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
