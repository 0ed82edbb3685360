import { existsSync } from 'node:fs';
import * as http from 'node:http';
import * as http2 from 'node:http2';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import sirv from 'sirv';
import type { Authenticator } from './auth.ts';
import { loopbackHost } from './loopback-host.ts';

/** A route a service adds to the HTTP port (the boot service's assets, say); true when handled. */
export type HttpRoute = (req: http.IncomingMessage, res: http.ServerResponse) => boolean | Promise<boolean>;

export interface GrpcWebHandler {
  accepts(req: http.IncomingMessage): boolean;
  handle(req: http.IncomingMessage, res: http.ServerResponse): void;
}

export interface HttpServerOptions {
  tls: { key: string; cert: string; ca: string } | undefined;
  authenticator: Authenticator | undefined;
  registry: Registry;
  grpcWeb: GrpcWebHandler;
  routes: HttpRoute[];
  webRoot: string;
  healthy: () => boolean;
  log: Logger;
}

/** The HTTP port's server, and how to cut its connections when a graceful close takes too long. */
export interface HttpPort {
  server: http.Server | http2.Http2SecureServer;
  closeAllConnections(): void;
  /** Replaces the TLS certificate and CA list for new connections (no-op without TLS). */
  setTls(tls: { key: string; cert: string; ca: string }): void;
}

/**
 * The second port of every server: /healthz (open, for probes), /metrics (needs a credential,
 * like every data request), gRPC-Web for the console, service routes, and the console itself.
 * The console's static files are public: they hold no data, and the login page must load
 * before anyone has logged in; every call they make carries the credential.
 */
export function createHttpServer(opts: HttpServerOptions): HttpPort {
  const statics = existsSync(opts.webRoot)
    ? sirv(opts.webRoot, { single: true, etag: true, gzip: false, dev: false })
    : undefined;

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    res.setHeader('x-content-type-options', 'nosniff');
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      const ok = opts.healthy();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'ok\n' : 'not serving\n');
      return;
    }
    if (opts.grpcWeb.accepts(req)) {
      // With credentials, the gRPC server authenticates each call itself (and answers in gRPC terms).
      if (!opts.authenticator && !authorised(req, res, undefined)) return;
      return opts.grpcWeb.handle(req, res);
    }
    if (path === '/metrics') {
      if (!authorised(req, res, opts.authenticator)) return;
      res.writeHead(200, { 'content-type': opts.registry.contentType }).end(await opts.registry.metrics());
      return;
    }
    for (const route of opts.routes) if (await route(req, res)) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (!statics) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('The web console is not built: run `pnpm build:web`.\n');
      return;
    }
    res.setHeader(
      'content-security-policy',
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
    );
    statics(req, res, () => {
      res.writeHead(404).end();
    });
  };
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handler(req, res).catch((err) => {
      opts.log.error({ err, url: req.url }, 'http handler failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error\n');
    });
  };
  if (!opts.tls) {
    const server = http.createServer(listener);
    return { server, closeAllConnections: () => server.closeAllConnections(), setTls: () => {} };
  }
  // HTTP/2 lets the console run its many live streams over one connection (HTTP/1.1 browsers
  // allow six per host); HTTP/1.1 stays for curl enrolment, scripts and older clients (ALPN).
  // Client certificates are asked for but not required: a bearer token is the other way in.
  const server = http2.createSecureServer(
    {
      key: opts.tls.key,
      cert: opts.tls.cert,
      ca: opts.tls.ca,
      requestCert: true,
      rejectUnauthorized: false,
      allowHTTP1: true,
    },
    // The compatibility API gives HTTP/2 requests the request/response surface of node:http.
    listener as unknown as (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void,
  );
  // An HTTP/2 server has no closeAllConnections: live streams hold a graceful close open.
  const sockets = new Set<Socket>();
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const closeAllConnections = () => {
    for (const socket of sockets) socket.destroy();
  };
  return { server, closeAllConnections, setTls: (tls) => server.setSecureContext(tls) };
}

/**
 * Checks a request's bearer token or client certificate; answers 401 and returns false if
 * refused. Without an authenticator (--insecure) only requests to a loopback host name pass (403).
 */
export function authorised(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  authenticator: Authenticator | undefined,
): boolean {
  if (!authenticator) {
    if (loopbackHost(req)) return true;
    res
      .writeHead(403, { 'content-type': 'text/plain' })
      .end('without credentials (--insecure) only loopback host names are served\n');
    return false;
  }
  const socket = req.socket as Partial<TLSSocket>;
  const verdict = authenticator.authenticate({
    authorization: req.headers.authorization,
    peerCertificate: socket.getPeerCertificate?.(),
  });
  if (verdict.ok && !verdict.principal.startsWith('node:')) return true;
  if (verdict.ok) {
    res
      .writeHead(403, { 'content-type': 'text/plain' })
      .end(`${verdict.principal} is a node credential: admins only\n`);
    return false;
  }
  res
    .writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="paddock"' })
    .end(`${verdict.reason}\n`);
  return false;
}
