/**
 * A Paddock server for tests, benchmarks and lab helpers: loopback ports chosen by the kernel,
 * no TLS and no credential (the runtime refuses --insecure anywhere but loopback), logs silent
 * unless PADDOCK_TEST_LOG names a level. Test-only: no production package depends on this.
 */
import * as grpc from '@grpc/grpc-js';
import {
  type Client,
  createClient,
  type GenericServiceDefinition,
  type ModuleFactory,
  type RunningServer,
  type RuntimeConfig,
  startServer,
} from '@paddock/runtime';

/** The runtime configuration every test server runs with. */
export function testServerConfig(
  dataDir: string,
  logLevel = process.env['PADDOCK_TEST_LOG'] ?? 'silent',
): RuntimeConfig {
  return {
    dataDir,
    grpcListen: { host: '127.0.0.1', port: 0 },
    httpListen: { host: '127.0.0.1', port: 0 },
    insecure: true,
    hostname: 'test',
    logLevel,
  };
}

export interface TestServerOptions {
  dataDir: string;
  modules: ModuleFactory[];
  /** The server's name (its run file, log name); `test` by default. */
  name?: string;
  logLevel?: string;
  webRoot?: string;
}

export interface TestServer extends RunningServer {
  /** An insecure gRPC client of one of this server's services, closed with the server. */
  client<D extends GenericServiceDefinition>(definition: D): Client<D>;
}

/** Starts a test server; `close()` also closes every client made through it. */
export async function startTestServer(opts: TestServerOptions): Promise<TestServer> {
  const server = await startServer({
    name: opts.name ?? 'test',
    config: testServerConfig(opts.dataDir, opts.logLevel),
    modules: opts.modules,
    ...(opts.webRoot && { webRoot: opts.webRoot }),
  });
  const clients: { close(): void }[] = [];
  return {
    ...server,
    client(definition) {
      const c = createClient(definition, server.grpcAddress, grpc.credentials.createInsecure());
      clients.push(c);
      return c;
    },
    async close() {
      for (const c of clients) c.close();
      await server.close();
    },
  };
}
