export { type Authenticator, type AuthVerdict, type ClientTrust, createAuthenticator } from './auth.ts';
export {
  type Client,
  type Connection,
  type ConnectOptions,
  connect,
  createClient,
  grpcConnection,
  type RunInfo,
  runningServers,
} from './client.ts';
export { ConfigError, type ConfigSources, loadConfig } from './config.ts';
export { ensureDataDir } from './data-dir.ts';
export { defaultDataDir } from './default-data-dir.ts';
export {
  alreadyExists,
  describeGrpcError,
  ErrorKind,
  failedPrecondition,
  invalidArgument,
  notFound,
  PaddockError,
  statusName,
  unauthenticated,
} from './errors.ts';
export { toGrpcStatus } from './grpc-status.ts';
export { authorised, type HttpRoute } from './http-server.ts';
export { formatListen, isLoopback, isWildcard, type ListenAddress, listenSchema, parseListen } from './listen.ts';
export { createLogger, type Logger } from './log.ts';
export type { Metrics } from './metrics.ts';
export type {
  ModuleContext,
  ModuleFactory,
  RunningServer,
  RuntimeConfig,
  ServiceHandle,
  ServiceModule,
} from './module.ts';
export { protoRoot, webRoot } from './paths.ts';
export { ensurePki, type Pki, type PkiSource, readPki, sameNames } from './pki.ts';
export { pkiPaths } from './pki-paths.ts';
export { ALWAYS, type RoleGate } from './role-gate.ts';
export {
  type CallContext,
  type GenericServiceDefinition,
  type MethodAccess,
  type ServiceImplementation,
  type ServiceRegistration,
  service,
  toGrpcDefinition,
} from './rpc.ts';
export { runtimeConfigSchema, toRuntimeConfig } from './runtime-config.ts';
export { startServer } from './server.ts';
export { type Db, type OpenDatabaseOptions, openDatabase } from './store.ts';
export { resolveTarget, type Target } from './target.ts';
export { VERSION } from './version.ts';
export {
  fromRevisionOf,
  PROGRESS_MS,
  type Revisioned,
  RevisionLog,
  type RevisionLogOptions,
  WATCH_KEEPALIVE,
  type WatchItem,
  type WatchOptions,
  type WatchSource,
  watch,
} from './watch/index.ts';
