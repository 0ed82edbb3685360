import { once } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation, protoPath as healthProtoPath, type ServingStatus } from 'grpc-health-check';
import type { Logger } from 'pino';
import type { Counter, Histogram } from 'prom-client';
import type { Authenticator } from './auth.ts';
import { toGrpcStatus } from './grpc-status.ts';
import { protoRoot } from './paths.ts';
import { type CallContext, type ServiceRegistration, toGrpcDefinition } from './rpc.ts';
import { routeUnknownMethods } from './unknown-methods.ts';

export const PRINCIPAL_HEADER = 'x-paddock-principal';

export interface GrpcServerOptions {
  services: ServiceRegistration[];
  /** .proto files (relative to proto/) offered through server reflection. */
  protoFiles: string[];
  /** Undefined in insecure mode: every call is let in as "anonymous". */
  authenticator: Authenticator | undefined;
  log: Logger;
  metrics: { calls: Counter<'method' | 'code'>; duration: Histogram<'method'> };
  /** Aborted when the server shuts down; every call's ctx.signal follows it. */
  shutdown: AbortSignal;
}

export interface GrpcServer {
  server: grpc.Server;
  health: HealthImplementation;
  setServing(service: string, status: ServingStatus): void;
}

export function createGrpcServer(opts: GrpcServerOptions): GrpcServer {
  const server = new grpc.Server({
    interceptors: [callInterceptor(opts, (path) => isKnown(path))],
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
    'grpc.keepalive_permit_without_calls': 1,
  });
  for (const s of opts.services) server.addService(toGrpcDefinition(s.definition), wrap(s, opts));

  const health = new HealthImplementation({ '': 'SERVING' });
  for (const s of opts.services) health.setStatus(s.definition.fullName, 'SERVING');
  health.addToServer(server);

  const pkg = protoLoader.loadSync([...opts.protoFiles, healthProtoPath], {
    includeDirs: [protoRoot],
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  new ReflectionService(pkg).addToServer(server);
  const isKnown = routeUnknownMethods(server);
  return { server, health, setServing: (service, status) => health.setStatus(service, status) };
}

/** Paths a node's own certificate may call besides those its services name: health and status. */
const NODE_PATHS = ['/grpc.health.v1.Health/Check', '/paddock.system.v1.SystemService/GetInfo'];

/**
 * Authenticates every call (health and reflection too), and counts and times it. Node
 * certificates reach only methods marked for nodes; open methods let anyone in.
 */
function callInterceptor(opts: GrpcServerOptions, isKnown: (path: string) => boolean): grpc.ServerInterceptor {
  const access = new Map<string, string>(NODE_PATHS.map((p) => [p, 'node']));
  for (const s of opts.services)
    for (const [name, a] of Object.entries(s.access ?? {})) access.set(`/${s.definition.fullName}/${name}`, a);
  return (method, call) => {
    const started = process.hrtime.bigint();
    const path = method.path;
    // Method names of calls nobody authenticated yet are the caller's text: one label for all unknown.
    const label = isKnown(path) ? path : 'unknown';
    const count = (code: grpc.status) => {
      opts.metrics.calls.inc({ method: label, code: grpc.status[code] ?? String(code) });
      opts.metrics.duration.observe({ method: label }, Number(process.hrtime.bigint() - started) / 1e9);
    };
    return new grpc.ServerInterceptingCall(call, {
      start(next) {
        next({
          onReceiveMetadata(md, mdNext) {
            md.remove(PRINCIPAL_HEADER);
            if (!opts.authenticator) {
              md.set(PRINCIPAL_HEADER, 'anonymous');
              return mdNext(md);
            }
            const verdict = opts.authenticator.authenticate({
              authorization: md.get('authorization')[0]?.toString(),
              peerCertificate: call.getAuthContext().sslPeerCertificate,
            });
            const allowed = access.get(path);
            if (!verdict.ok && allowed !== 'open') {
              opts.log.warn({ method: label, peer: call.getPeer(), reason: verdict.reason }, 'call refused');
              // Sent on the inner call, past this interceptor's sendStatus: counted here.
              count(grpc.status.UNAUTHENTICATED);
              call.sendStatus({ code: grpc.status.UNAUTHENTICATED, details: verdict.reason });
              return;
            }
            const principal = verdict.ok ? verdict.principal : 'anonymous';
            if (principal.startsWith('node:') && allowed === undefined) {
              opts.log.warn({ method: label, peer: call.getPeer(), principal }, 'call refused');
              count(grpc.status.PERMISSION_DENIED);
              call.sendStatus({
                code: grpc.status.PERMISSION_DENIED,
                details: `${principal} is a node credential and may not call ${path}`,
              });
              return;
            }
            md.set(PRINCIPAL_HEADER, principal);
            mdNext(md);
          },
        });
      },
      sendStatus(status, next) {
        count(status.code);
        next(status);
      },
    });
  };
}

type AnyCall =
  | grpc.ServerUnaryCall<unknown, unknown>
  | grpc.ServerWritableStream<unknown, unknown>
  | grpc.ServerReadableStream<unknown, unknown>;

function contextOf(call: AnyCall, shutdown: AbortSignal): CallContext {
  const cancelled = new AbortController();
  (call as grpc.ServerUnaryCall<unknown, unknown>).on('cancelled', () => cancelled.abort());
  return {
    metadata: call.metadata,
    signal: AbortSignal.any([cancelled.signal, shutdown]),
    peer: call.getPeer(),
    principal: call.metadata.get(PRINCIPAL_HEADER)[0]?.toString() ?? 'anonymous',
  };
}

function wrap(s: ServiceRegistration, opts: GrpcServerOptions): grpc.UntypedServiceImplementation {
  const out: grpc.UntypedServiceImplementation = {};
  const fail = (err: unknown, method: string) => {
    const status = toGrpcStatus(err);
    if (status.unexpected) opts.log.error({ err, method }, 'handler failed');
    return status;
  };
  for (const [key, m] of Object.entries(s.definition.methods)) {
    const impl = s.implementation[key];
    if (!impl) throw new Error(`${s.definition.fullName}: no implementation for ${m.name}`);
    const name = `${s.definition.fullName}/${m.name}`;
    if (!m.requestStream && !m.responseStream) {
      out[key] = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        Promise.resolve()
          .then(() => impl(call.request, contextOf(call, opts.shutdown)))
          .then(
            (res) => callback(null, res),
            (err) => callback(fail(err, name)),
          );
      };
    } else if (!m.requestStream) {
      out[key] = (call: grpc.ServerWritableStream<unknown, unknown>) =>
        pump(
          call,
          () => impl(call.request, contextOf(call, opts.shutdown)) as AsyncIterable<unknown>,
          (e) => fail(e, name),
          opts.shutdown,
        );
    } else if (!m.responseStream) {
      out[key] = (call: grpc.ServerReadableStream<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        Promise.resolve()
          .then(() => impl(call, contextOf(call, opts.shutdown)))
          .then(
            (res) => callback(null, res),
            (err) => callback(fail(err, name)),
          );
      };
    } else {
      out[key] = (call: grpc.ServerDuplexStream<unknown, unknown>) =>
        pump(
          call,
          () => impl(call, contextOf(call, opts.shutdown)) as AsyncIterable<unknown>,
          (e) => fail(e, name),
          opts.shutdown,
        );
    }
  }
  return out;
}

/** Writes a handler's messages to the call, honouring back-pressure, then ends it with a status. */
async function pump(
  call: grpc.ServerWritableStream<unknown, unknown> | grpc.ServerDuplexStream<unknown, unknown>,
  source: () => AsyncIterable<unknown>,
  fail: (err: unknown) => grpc.StatusObject | ReturnType<typeof toGrpcStatus>,
  shutdown: AbortSignal,
): Promise<void> {
  try {
    for await (const msg of source()) {
      if (call.cancelled || call.destroyed) return;
      if (!call.write(msg)) await once(call, 'drain');
    }
    // A stream cut short by shutdown ends UNAVAILABLE, so a watching client knows to reconnect.
    if (shutdown.aborted) call.emit('error', { code: grpc.status.UNAVAILABLE, details: 'server is shutting down' });
    else call.end();
  } catch (err) {
    if (!call.cancelled) call.emit('error', fail(err));
  }
}
