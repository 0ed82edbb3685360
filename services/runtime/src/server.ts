import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { type Authenticator, createAuthenticator } from './auth.ts';
import { ConfigError } from './config.ts';
import { createGrpcServer } from './grpc-server.ts';
import { createGrpcWebBridge } from './grpc-web/index.ts';
import { authorised, createHttpServer, type HttpRoute } from './http-server.ts';
import { formatListen, isLoopback, isWildcard, type ListenAddress } from './listen.ts';
import { createLogger, type Logger } from './log.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { webRoot as defaultWebRoot } from './paths.ts';
import { ensurePki, type Pki } from './pki.ts';
import type { ServiceRegistration } from './rpc.ts';
import { type Db, type OpenDatabaseOptions, openDatabase } from './store.ts';
import { systemService } from './system-service.ts';
import { VERSION } from './version.ts';

export interface RuntimeConfig {
  dataDir: string;
  grpcListen: ListenAddress;
  httpListen: ListenAddress;
  insecure: boolean;
  hostname: string;
  logLevel: string;
}

/** What a service module gets from the runtime. */
export interface ModuleContext {
  dataDir: string;
  log: Logger;
  metrics: Metrics;
  /** Aborted when the server shuts down. */
  shutdown: AbortSignal;
  /** Opens `<data-dir>/<name>.db`, closed by the runtime at shutdown. */
  openDatabase(name: string, opts: OpenDatabaseOptions): Db;
  /** Marks a component healthy or not; the status stream and /healthz follow. */
  setHealthy(component: string, healthy: boolean): void;
  /**
   * For a module's own HTTP routes (the console's file uploads, say): checks the request's
   * credential as every gRPC call is checked; answers 401 and returns false when refused.
   */
  authorise(req: http.IncomingMessage, res: http.ServerResponse): boolean;
}

/** One part of a server (DHCP, boot, ...): its gRPC services, HTTP routes and lifecycle. */
export interface ServiceModule {
  name: string;
  /** .proto files relative to proto/, for server reflection. */
  protoFiles: string[];
  services: ServiceRegistration[];
  routes?: HttpRoute[];
  /** Called once both ports listen. */
  start?(): Promise<void> | void;
  /** Called at shutdown before databases close; must finish promptly. */
  stop?(): Promise<void> | void;
}

export type ModuleFactory = (ctx: ModuleContext) => ServiceModule | Promise<ServiceModule>;

/**
 * What every service's `create…()` returns: its module for the server, beside whatever it
 * offers other services in the same process (the boot service's answers for DHCP, the
 * inventory's node stream for boot). `paddock up` composes services from these handles.
 */
export interface ServiceHandle {
  readonly name: string;
  readonly factory: ModuleFactory;
}

export interface RunningServer {
  name: string;
  grpcAddress: string;
  httpUrl: string;
  pki: Pki | undefined;
  log: Logger;
  close(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 5000;

/** Starts a Paddock server: the one way every service (and `paddock up`) runs. */
export async function startServer(opts: {
  name: string;
  config: RuntimeConfig;
  modules: ModuleFactory[];
  webRoot?: string;
}): Promise<RunningServer> {
  const { config } = opts;
  if (config.insecure) refuseInsecureOffLoopback(config);
  const log = createLogger({ name: `paddock ${opts.name}`, level: config.logLevel });
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const pki = config.insecure ? undefined : await ensurePki(config.dataDir, certificateNames(config));
  const authenticator: Authenticator | undefined =
    pki && createAuthenticator({ adminToken: pki.adminToken, ca: pki.ca });

  const metrics = createMetrics();
  const shutdown = new AbortController();
  const databases: Db[] = [];
  const health = new Map<string, boolean>([
    ['grpc', true],
    ['http', true],
  ]);
  let changed = Promise.withResolvers<void>();
  const ctx: ModuleContext = {
    dataDir: config.dataDir,
    log,
    metrics,
    shutdown: shutdown.signal,
    openDatabase(name, dbOpts) {
      const db = openDatabase(join(config.dataDir, `${name}.db`), dbOpts);
      databases.push(db);
      return db;
    },
    authorise: (req, res) => authorised(req, res, authenticator),
    setHealthy(component, healthy) {
      if (health.get(component) === healthy) return;
      health.set(component, healthy);
      grpcServer?.setServing('', [...health.values()].every(Boolean) ? 'SERVING' : 'NOT_SERVING');
      changed.resolve();
      changed = Promise.withResolvers<void>();
    },
  };
  const modules: ServiceModule[] = [];
  let grpcServer: ReturnType<typeof createGrpcServer> | undefined;
  let httpServer: http.Server | undefined;
  let bridge: ReturnType<typeof createGrpcWebBridge> | undefined;
  const runFile = join(config.dataDir, 'run', `${opts.name}.json`);

  const close = async () => {
    if (shutdown.signal.aborted) return;
    shutdown.abort();
    log.info('shutting down');
    bridge?.close();
    const grpcDone = grpcServer ? drainGrpc(grpcServer.server) : Promise.resolve();
    const httpDone = httpServer ? drainHttp(httpServer) : Promise.resolve();
    await Promise.allSettled(modules.map(async (m) => m.stop?.()));
    await Promise.allSettled([grpcDone, httpDone]);
    for (const db of databases) if (db.open) db.close();
    rmSync(runFile, { force: true });
    log.info('stopped');
  };

  try {
    for (const factory of opts.modules) modules.push(await factory(ctx));
    const info = () => ({
      name: `paddock ${opts.name}`,
      version: VERSION,
      hostname: config.hostname,
      services: registrations.map((s) => s.definition.fullName),
      startedAtUnixMs: BigInt(startedAt),
      grpcAddress: grpcAddress,
      httpAddress: httpUrl,
      insecure: config.insecure,
    });
    const startedAt = Date.now();
    const system = systemService({
      info,
      components: () => Object.fromEntries(health),
      startedAt,
      changed: () => changed.promise,
    });
    const registrations = [system, ...modules.flatMap((m) => m.services)];
    grpcServer = createGrpcServer({
      services: registrations,
      protoFiles: ['paddock/system/v1/system.proto', ...modules.flatMap((m) => m.protoFiles)],
      authenticator,
      log,
      metrics,
      shutdown: shutdown.signal,
    });
    const creds = pki ? optionalClientCerts(pki) : grpc.ServerCredentials.createInsecure();
    const grpcPort = await bindGrpc(grpcServer.server, formatListen(config.grpcListen), creds);
    const grpcAddress = formatListen({ host: localHost(config.grpcListen.host), port: grpcPort });

    const clientStreaming = new Set(
      registrations.flatMap((r) =>
        Object.values(r.definition.methods)
          .filter((m) => m.requestStream)
          .map((m) => `/${r.definition.fullName}/${m.name}`),
      ),
    );
    bridge = createGrpcWebBridge({
      target: grpcAddress,
      credentials: pki ? grpc.credentials.createSsl(Buffer.from(pki.caPem)) : grpc.credentials.createInsecure(),
      // TLS names cannot be IP addresses (RFC 6066 §3); our certificate always names localhost.
      serverNameOverride: 'localhost',
      isClientStreaming: (path) => clientStreaming.has(path),
    });
    httpServer = createHttpServer({
      tls: pki && { key: pki.serverKeyPem, cert: pki.serverCertPem, ca: pki.caPem },
      authenticator,
      registry: metrics.registry,
      grpcWeb: bridge,
      routes: modules.flatMap((m) => m.routes ?? []),
      webRoot: opts.webRoot ?? defaultWebRoot,
      healthy: () => [...health.values()].every(Boolean),
      log,
    });
    const httpPort = await listenHttp(httpServer, config.httpListen);
    const httpUrl = `${pki ? 'https' : 'http'}://${formatListen({ host: localHost(config.httpListen.host), port: httpPort })}`;

    for (const m of modules) await m.start?.();
    mkdirSync(join(config.dataDir, 'run'), { recursive: true, mode: 0o700 });
    const run = {
      name: opts.name,
      services: info().services,
      grpc: grpcAddress,
      http: httpUrl,
      pid: process.pid,
      insecure: config.insecure,
    };
    // Written whole, then renamed into place: a reader never sees half a file.
    writeFileSync(`${runFile}.tmp`, `${JSON.stringify(run, null, 2)}\n`, { mode: 0o600 });
    renameSync(`${runFile}.tmp`, runFile);
    log.info(
      { grpc: grpcAddress, http: httpUrl, services: run.services, insecure: config.insecure },
      'paddock listening',
    );
    return { name: opts.name, grpcAddress, httpUrl, pki, log, close };
  } catch (err) {
    await close();
    throw err;
  }
}

function refuseInsecureOffLoopback(config: RuntimeConfig): void {
  for (const [key, a] of [
    ['grpc-listen', config.grpcListen],
    ['http-listen', config.httpListen],
  ] as const) {
    if (!isLoopback(a.host)) {
      throw new ConfigError(
        `--insecure serves without TLS or authentication and is for loopback development only, but --${key} is ${formatListen(a)}: use 127.0.0.1 or drop --insecure`,
      );
    }
  }
}

/** SANs for the server certificate: every name and address a client may use to reach us. */
function certificateNames(config: RuntimeConfig): string[] {
  const names = new Set(['localhost', '127.0.0.1', '::1', config.hostname]);
  for (const a of [config.grpcListen, config.httpListen]) {
    if (!isWildcard(a.host)) names.add(a.host);
    else
      for (const list of Object.values(networkInterfaces()))
        for (const i of list ?? []) if (!i.address.startsWith('fe80')) names.add(i.address);
  }
  return [...names];
}

const localHost = (host: string) => (host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host);

/**
 * Server credentials that ask for a client certificate without requiring one (a bearer token
 * is the other way in); the interceptor verifies whichever was given against our CA.
 */
function optionalClientCerts(pki: Pki): grpc.ServerCredentials {
  class OptionalClientCertCredentials extends grpc.ServerCredentials {
    constructor() {
      super(
        { requestCert: true, rejectUnauthorized: false },
        { ca: pki.caPem, cert: pki.serverCertPem, key: pki.serverKeyPem },
      );
    }
    override _equals(other: grpc.ServerCredentials): boolean {
      return other === this;
    }
  }
  return new OptionalClientCertCredentials();
}

function bindGrpc(server: grpc.Server, address: string, creds: grpc.ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) =>
    server.bindAsync(address, creds, (err, port) =>
      err ? reject(new Error(`cannot listen for gRPC on ${address}: ${err.message}`)) : resolve(port),
    ),
  );
}

function listenHttp(server: http.Server, a: ListenAddress): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (err) => reject(new Error(`cannot listen for HTTP on ${formatListen(a)}: ${err.message}`)));
    server.listen(a.port, a.host, () => resolve((server.address() as AddressInfo).port));
  });
}

async function drainGrpc(server: grpc.Server): Promise<void> {
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

async function drainHttp(server: http.Server): Promise<void> {
  if (!server.listening) return;
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  clearTimeout(timer);
}
