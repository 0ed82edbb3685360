import { loadConfig, type ModuleFactory, runtimeConfigSchema, startServer, toRuntimeConfig } from '@paddock/runtime';
import { type Command, Option } from 'commander';

/** The flags every server command shares (`paddock up`, `paddock <service> serve`). */
export function withServeOptions(cmd: Command, ports: { grpc: number; http: number }): Command {
  return cmd
    .option('--data-dir <dir>', 'where the database, certificates and credentials live (PADDOCK_DATA_DIR)')
    .option('--grpc-listen <host:port>', `gRPC address (default 0.0.0.0:${ports.grpc}) (PADDOCK_GRPC_LISTEN)`)
    .option(
      '--http-listen <host:port>',
      `HTTPS address: console, gRPC-Web, /metrics (default 0.0.0.0:${ports.http}) (PADDOCK_HTTP_LISTEN)`,
    )
    .option('--config <file>', 'YAML configuration file (PADDOCK_CONFIG)')
    .option('--hostname <name>', 'name this server goes by, put in its certificate (PADDOCK_HOSTNAME)')
    .addOption(
      new Option('--log-level <level>', 'log level (PADDOCK_LOG_LEVEL)').choices([
        'trace',
        'debug',
        'info',
        'warn',
        'error',
        'silent',
      ]),
    )
    .option('--insecure', 'no TLS and no authentication; loopback addresses only, for development (PADDOCK_INSECURE)');
}

/**
 * Parses the configuration once, starts the server, and runs until SIGINT or SIGTERM, then
 * shuts down gracefully (a second signal, a second or more later, exits at once).
 */
export async function serve(
  name: string,
  flags: Record<string, unknown>,
  ports: { grpc: number; http: number },
  modules: ModuleFactory[],
) {
  const parsed = loadConfig(runtimeConfigSchema, { flags });
  const server = await startServer({ name, config: toRuntimeConfig(parsed, ports), modules });
  let stoppingSince: number | undefined;
  const stop = (signal: NodeJS.Signals) => {
    // Ctrl-C reaches both the `paddock` wrapper (older system node) and this process, and the
    // wrapper forwards it: a repeat within a second is that same request, not a second one.
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince > 1000) process.exit(130);
      return;
    }
    stoppingSince = Date.now();
    server.log.info({ signal }, 'signal received');
    server.close().then(
      () => process.exit(0),
      (err) => {
        server.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (!parsed.insecure && server.pki) {
    process.stderr.write(
      `paddock ${name}: console ${server.httpUrl}  (log in with the token in ${server.pki.paths.adminToken}, or run \`paddock token\`)\n`,
    );
  }
  return server;
}
