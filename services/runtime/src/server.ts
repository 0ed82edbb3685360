import { X509Certificate } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { type ClientTrust, createAuthenticator } from './auth.ts';
import { ensureDataDir } from './data-dir.ts';
import { createGrpcServer } from './grpc-server.ts';
import { createGrpcWebBridge } from './grpc-web/index.ts';
import { Health } from './health.ts';
import { authorised, createHttpServer, type HttpPort } from './http-server.ts';
import { formatListen } from './listen.ts';
import {
  bindGrpc,
  bindLocalSocket,
  drainGrpc,
  drainHttp,
  listenHttp,
  optionalClientCerts,
  type ReplaceableCredentials,
} from './listeners.ts';
import { createLogger } from './log.ts';
import { createMetrics } from './metrics.ts';
import type { ModuleContext, ModuleFactory, RunningServer, RuntimeConfig, ServiceModule } from './module.ts';
import { webRoot as defaultWebRoot } from './paths.ts';
import { ensurePki, type Pki, type PkiSource } from './pki.ts';
import type { ServiceRegistration } from './rpc.ts';
import { localSocketPath, removeRunFile, runFilePath, writeRunFile } from './run-file.ts';
import { certificateNames, localHost, refuseInsecureOffLoopback } from './server-names.ts';
import { type Db, openDatabase } from './store.ts';
import { systemService } from './system-service.ts';
import { runningServers } from './target.ts';
import { VERSION } from './version.ts';

/** Starts a Paddock server: the one way every service (and `paddock up`) runs. */
export async function startServer(opts: {
  name: string;
  config: RuntimeConfig;
  modules: ModuleFactory[];
  webRoot?: string;
  /** Where the server certificate and admin credentials come from; self-made by default. */
  pki?: PkiSource;
}): Promise<RunningServer> {
  const { config } = opts;
  if (config.insecure) refuseInsecureOffLoopback(config);
  const log = createLogger({ name: `paddock ${opts.name}`, level: config.logLevel });
  ensureDataDir(config.dataDir);
  let pki = config.insecure ? undefined : await (opts.pki ?? ensurePki)(config.dataDir, certificateNames(config));
  let trusts: ClientTrust[] = [];
  const authenticator = pki && createAuthenticator({ adminToken: pki.adminToken, ca: pki.ca, trusts: () => trusts });

  // Everything a closure below reads is declared here, before any closure can run.
  const metrics = createMetrics();
  const shutdown = new AbortController();
  const databases: Db[] = [];
  const modules: ServiceModule[] = [];
  const registrations: ServiceRegistration[] = [];
  const addresses = { grpc: '', http: '' };
  const startedAt = Date.now();
  const runFile = runFilePath(config.dataDir, opts.name);
  let socket: string | undefined;
  let grpcServer: ReturnType<typeof createGrpcServer> | undefined;
  let httpServer: HttpPort | undefined;
  let bridge: ReturnType<typeof createGrpcWebBridge> | undefined;
  let grpcCreds: ReplaceableCredentials | undefined;
  // New handshakes on both ports get the current certificate and CA list; none is rebound.
  const refreshTls = () => {
    if (!pki) return;
    grpcCreds?.replace(pki, trusts);
    httpServer?.setTls({ key: pki.serverKeyPem, cert: pki.serverCertPem, ca: tlsCa(pki, trusts) });
  };
  const health = new Health((serving) => grpcServer?.setServing('', serving ? 'SERVING' : 'NOT_SERVING'));
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
    authenticate: (req) =>
      authenticator
        ? authenticator.authenticate({
            authorization: req.headers.authorization,
            peerCertificate: (req.socket as Partial<TLSSocket>).getPeerCertificate?.(),
          })
        : { ok: true, principal: 'anonymous' },
    trustClients: (trust) => {
      trusts = [...trusts, trust];
      return () => {
        trusts = trusts.filter((t) => t !== trust);
      };
    },
    replacePki: (next) => {
      if (!pki) throw new Error('an --insecure server has no certificate to replace');
      pki = next;
      refreshTls();
      log.info({ serverCertificate: new X509Certificate(next.serverCertPem).serialNumber }, 'certificate replaced');
    },
    addresses: () => ({ ...addresses }),
    serverCertificatePem: () => pki?.serverCertPem ?? '',
    setHealthy: (component, healthy) => health.set(component, healthy),
  };
  const info = () => ({
    name: `paddock ${opts.name}`,
    version: VERSION,
    hostname: config.hostname,
    services: registrations.map((s) => s.definition.fullName),
    startedAtUnixMs: BigInt(startedAt),
    grpcAddress: addresses.grpc,
    httpAddress: addresses.http,
    insecure: config.insecure,
  });

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
    removeRunFile(runFile);
    if (socket) rmSync(socket, { force: true });
    log.info('stopped');
  };

  try {
    for (const factory of opts.modules) modules.push(await factory(ctx));
    const system = systemService({
      info,
      components: () => health.components(),
      startedAt,
      changed: () => health.changed(),
    });
    registrations.push(system, ...modules.flatMap((m) => m.services));
    grpcServer = createGrpcServer({
      services: registrations,
      protoFiles: ['paddock/system/v1/system.proto', ...modules.flatMap((m) => m.protoFiles)],
      authenticator,
      log,
      metrics,
      shutdown: shutdown.signal,
    });
    grpcCreds = pki && optionalClientCerts(pki, trusts);
    const grpcPort = await bindGrpc(
      grpcServer.server,
      formatListen(config.grpcListen),
      grpcCreds ?? grpc.ServerCredentials.createInsecure(),
    );
    addresses.grpc = formatListen({ host: localHost(config.grpcListen.host), port: grpcPort });
    // Another live server of this name on this data dir keeps its socket; commands reach this one by port.
    if (runningServers(config.dataDir).some((s) => s.name === opts.name && s.pid !== process.pid))
      log.warn('another server of this name runs on this data dir: no local socket');
    else {
      const local = await bindLocalSocket(grpcServer.server, localSocketPath(config.dataDir, opts.name));
      if ('path' in local) socket = local.path;
      else log.warn({ reason: local.problem }, 'no local socket: commands on this machine use the gRPC port');
    }

    bridge = createGrpcWebBridge({
      target: addresses.grpc,
      credentials: pki ? grpc.credentials.createSsl(Buffer.from(pki.caPem)) : grpc.credentials.createInsecure(),
      // TLS names cannot be IP addresses (RFC 6066 §3); our certificate always names localhost.
      serverNameOverride: 'localhost',
      isClientStreaming: clientStreamingOf(registrations),
    });
    httpServer = createHttpServer({
      tls: pki && { key: pki.serverKeyPem, cert: pki.serverCertPem, ca: tlsCa(pki, trusts) },
      authenticator,
      registry: metrics.registry,
      grpcWeb: bridge,
      routes: modules.flatMap((m) => m.routes ?? []),
      webRoot: opts.webRoot ?? defaultWebRoot,
      healthy: () => health.serving(),
      log,
    });
    const httpPort = await listenHttp(httpServer, config.httpListen);
    addresses.http = `${pki ? 'https' : 'http'}://${formatListen({ host: localHost(config.httpListen.host), port: httpPort })}`;

    for (const m of modules) await m.start?.();
    const { services } = info();
    writeRunFile(runFile, {
      name: opts.name,
      services,
      ...addresses,
      pid: process.pid,
      insecure: config.insecure,
      ...(socket && { socket }),
    });
    log.info({ ...addresses, services, insecure: config.insecure }, 'paddock listening');
    return { name: opts.name, grpcAddress: addresses.grpc, httpUrl: addresses.http, pki, log, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The CAs whose client certificates the HTTPS port asks for: our own and the trusted authorities'. */
function tlsCa(pki: Pki, trusts: readonly ClientTrust[]): string {
  return [pki.caPem, ...trusts.map((t) => t.ca.toString())].join('\n');
}

/** The gRPC-Web bridge must know which methods take a client stream (it cannot tell from a request). */
function clientStreamingOf(registrations: readonly ServiceRegistration[]): (path: string) => boolean {
  const paths = new Set(
    registrations.flatMap((r) =>
      Object.values(r.definition.methods)
        .filter((m) => m.requestStream)
        .map((m) => `/${r.definition.fullName}/${m.name}`),
    ),
  );
  return (path) => paths.has(path);
}
