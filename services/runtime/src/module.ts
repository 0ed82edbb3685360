/** The contract between the runtime and a service: what a module gets, and what it gives. */
import type * as http from 'node:http';
import type { AuthVerdict, ClientTrust } from './auth.ts';
import type { HttpRoute } from './http-server.ts';
import type { ListenAddress } from './listen.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import type { Pki, PkiSource } from './pki.ts';
import type { ServiceRegistration } from './rpc.ts';
import type { Db, OpenDatabaseOptions } from './store.ts';

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
  /** Who a request's credential says the caller is (for routes open to nodes too). */
  authenticate(req: http.IncomingMessage): AuthVerdict;
  /**
   * Accepts client certificates of another authority from now on (the keys service's cluster
   * CA), judged by `trust` on every call and request. The function returned stops it (for the
   * CA lists of new connections once `replacePki` is called, or the ports bound).
   */
  trustClients(trust: ClientTrust): () => void;
  /**
   * Swaps the server's certificate, key and CA bundle in place (a renewal): new TLS handshakes
   * on both ports get them, connections already open keep theirs, nothing is rebound.
   * Before the ports are bound it only changes what they will bind with.
   */
  replacePki(pki: Pki): void;
  /** Where the server listens (gRPC host:port, HTTPS URL); empty strings until both ports are bound. */
  addresses(): { grpc: string; http: string };
  /** The certificate (PEM) the server presents now, after any `replacePki`; '' without TLS. */
  serverCertificatePem(): string;
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
  /** Set by the service that issues the server's own certificates (the keys service). */
  readonly pki?: PkiSource;
}

export interface RunningServer {
  name: string;
  grpcAddress: string;
  httpUrl: string;
  pki: Pki | undefined;
  log: Logger;
  close(): Promise<void>;
}
