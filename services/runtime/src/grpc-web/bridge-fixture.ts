/**
 * Test support for the bridge: a real grpc-js server on 127.0.0.1:0 offering SystemService and a
 * tiny "test.Faulty" service, and a loopback HTTP server that hands gRPC-Web requests to a bridge.
 */
import { once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import {
  GetInfoResponse,
  ServingStatus,
  WatchStatusRequest,
  WatchStatusResponse,
} from '@paddock/proto/system/v1/system.ts';
import { createGrpcWebBridge, type GrpcWebBridge } from './bridge.ts';

const raw = (b: Buffer) => b;

function method(path: string, requestStream: boolean, responseStream: boolean) {
  return {
    path,
    requestStream,
    responseStream,
    requestSerialize: raw,
    requestDeserialize: raw,
    responseSerialize: raw,
    responseDeserialize: raw,
  };
}

export interface Fixture {
  url: string;
  /** Resolves when the server sees a WatchStatus call cancelled by its client. */
  cancelled: Promise<void>;
  stop(): Promise<void>;
}

export async function startFixture(): Promise<Fixture> {
  const { promise: cancelled, resolve: onCancel } = Promise.withResolvers<void>();
  const server = new grpc.Server();
  server.addService(
    {
      GetInfo: method('/paddock.system.v1.SystemService/GetInfo', false, false),
      WatchStatus: method('/paddock.system.v1.SystemService/WatchStatus', false, true),
    },
    {
      GetInfo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, done: grpc.sendUnaryData<Buffer>) => {
        if (call.metadata.get('authorization')[0] !== 'Bearer good') {
          return done({ code: grpc.status.UNAUTHENTICATED, details: 'invalid token' });
        }
        call.sendMetadata(new grpc.Metadata({}));
        const info = {
          name: 'fixture',
          version: '0.0.0',
          hostname: String(call.metadata.get('x-trace')[0] ?? ''),
          services: ['a.B'],
          startedAtUnixMs: 1n,
          grpcAddress: '',
          httpAddress: '',
          insecure: true,
        };
        done(null, Buffer.from(GetInfoResponse.encode({ info }).finish()));
      },
      WatchStatus: (call: grpc.ServerWritableStream<Buffer, Buffer>) => {
        const { intervalMs } = WatchStatusRequest.decode(call.request);
        let sequence = 0n;
        const send = () => {
          sequence += 1n;
          const status = {
            serving: ServingStatus.SERVING_STATUS_SERVING,
            uptimeMs: sequence * 1000n,
            sequence,
            components: {},
            nowUnixMs: 0n,
          };
          call.write(Buffer.from(WatchStatusResponse.encode({ status }).finish()));
        };
        send();
        const timer = setInterval(send, intervalMs);
        call.on('cancelled', () => {
          clearInterval(timer);
          onCancel();
        });
      },
    },
  );
  server.addService(
    { Boom: method('/test.Faulty/Boom', false, false), Upload: method('/test.Faulty/Upload', true, false) },
    {
      Boom: (_call: unknown, done: grpc.sendUnaryData<Buffer>) => {
        const trailer = new grpc.Metadata();
        trailer.set('x-lease-hint', 'pool full');
        done({ code: grpc.status.NOT_FOUND, details: 'no lease for 52:54:00:ab:cd:01 — 100% gone', metadata: trailer });
      },
      Upload: (_call: unknown, done: grpc.sendUnaryData<Buffer>) => done(null, Buffer.alloc(0)),
    },
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  const bridge = createGrpcWebBridge({
    target: `127.0.0.1:${port}`,
    credentials: grpc.credentials.createInsecure(),
    maxRequestBytes: 64 * 1024,
    isClientStreaming: (path) => path === '/test.Faulty/Upload',
  });
  const http = await listen(bridge);
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    cancelled,
    stop: async () => {
      bridge.close();
      http.closeAllConnections();
      http.close();
      server.forceShutdown();
    },
  };
}

async function listen(bridge: GrpcWebBridge): Promise<HttpServer> {
  const http = createServer((req, res) => (bridge.accepts(req) ? bridge.handle(req, res) : res.writeHead(404).end()));
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  return http;
}
