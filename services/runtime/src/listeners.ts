/** Binding, listening and draining the two ports, and the gRPC server's TLS credentials. */
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import type { ClientTrust } from './auth.ts';
import type { HttpPort } from './http-server.ts';
import { formatListen, type ListenAddress } from './listen.ts';
import type { Pki } from './pki.ts';

const SHUTDOWN_GRACE_MS = 5000;

/** gRPC server credentials whose certificate and CA list can be replaced while the port stays bound. */
export interface ReplaceableCredentials extends grpc.ServerCredentials {
  /** New TLS handshakes get these; connections already open keep what they agreed on. */
  replace(pki: Pki, trusts: readonly ClientTrust[]): void;
}

/**
 * Server credentials that ask for a client certificate without requiring one (a bearer token
 * is the other way in); the interceptor verifies whichever was given against our CA. grpc-js
 * shows a call only certificates that chain to these CAs, so the trusted authorities' CAs
 * (registered by modules before the port is bound) are among them.
 */
export function optionalClientCerts(pki: Pki, trusts: readonly ClientTrust[] = []): ReplaceableCredentials {
  const context = (p: Pki, t: readonly ClientTrust[]) => ({
    ca: [p.caPem, ...t.map((x) => x.ca.toString())].join('\n'),
    cert: p.serverCertPem,
    key: p.serverKeyPem,
  });
  class OptionalClientCertCredentials extends grpc.ServerCredentials implements ReplaceableCredentials {
    constructor() {
      super({ requestCert: true, rejectUnauthorized: false }, context(pki, trusts));
    }
    override _equals(other: grpc.ServerCredentials): boolean {
      return other === this;
    }
    replace(p: Pki, t: readonly ClientTrust[]): void {
      // grpc-js hands these to the bound TLS server's setSecureContext.
      this.updateSecureContextOptions(context(p, t));
    }
  }
  return new OptionalClientCertCredentials();
}

export function bindGrpc(server: grpc.Server, address: string, creds: grpc.ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) =>
    server.bindAsync(address, creds, (err, port) =>
      err ? reject(new Error(`cannot listen for gRPC on ${address}: ${err.message}`)) : resolve(port),
    ),
  );
}

/** The longest socket path Linux takes (sun_path, with its terminating NUL). */
const MAX_SOCKET_PATH = 107;

/**
 * Binds the gRPC server to a Unix socket as well, for commands on this machine: in the data
 * dir's `run/` folder (0700), the socket itself 0600, so only the server's user (and root) can
 * connect, the same people who can read the admin token that every call on it still needs. No
 * TLS on it: it never leaves the kernel, and a one-shot command saves loading Node's TLS and
 * crypto and a handshake. A stale socket of a server that was killed is replaced; the caller
 * makes sure no live server holds it. Resolves to the path, or why there is none.
 */
export async function bindLocalSocket(
  server: grpc.Server,
  path: string,
): Promise<{ path: string } | { problem: string }> {
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH)
    return { problem: `${path} is longer than a socket path may be (${MAX_SOCKET_PATH} bytes)` };
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    rmSync(path, { force: true });
    await bindGrpc(server, `unix:${path}`, grpc.ServerCredentials.createInsecure());
    chmodSync(path, 0o600);
    return { path };
  } catch (err) {
    return { problem: (err as Error).message };
  }
}

export function listenHttp({ server }: HttpPort, a: ListenAddress): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (err) => reject(new Error(`cannot listen for HTTP on ${formatListen(a)}: ${err.message}`)));
    server.listen(a.port, a.host, () => resolve((server.address() as AddressInfo).port));
  });
}

export async function drainGrpc(server: grpc.Server): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, SHUTDOWN_GRACE_MS);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function drainHttp(port: HttpPort): Promise<void> {
  const { server } = port;
  if (!server.listening) return;
  // HTTP/1.1 idle connections close now; HTTP/2 sessions get a GOAWAY from close() itself.
  if ('closeIdleConnections' in server) server.closeIdleConnections();
  const timer = setTimeout(() => port.closeAllConnections(), SHUTDOWN_GRACE_MS);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  clearTimeout(timer);
}
