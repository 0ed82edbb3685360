import { type Command, Option } from 'commander';

/*
 * What a server command declares (its flags, and the server module its action loads), apart from
 * serve.ts, which runs a server: a service's client verbs sit beside its `serve` verb and are
 * parsed without loading the configuration schema or the server.
 */

export type Ports = { grpc: number; http: number };
export type Flags = Record<string, unknown>;

/** What a lazily loaded server module exports: how to run its server from the command's flags. */
export type ServerRun = (name: string, ports: Ports, flags: Flags) => Promise<void>;

/**
 * The action of `paddock <service> serve`: the server is loaded only when that verb runs, so
 * the service's client verbs start without it (the bundler makes `load`'s module a bundle of
 * its own, holding the server and the runtime it runs in).
 */
export function lazyServe(name: string, ports: Ports, load: () => Promise<{ run: ServerRun }>) {
  return async (flags: Flags) => (await load()).run(name, ports, flags);
}

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
    .option('--insecure', 'no TLS and no authentication; loopback addresses only, for development (PADDOCK_INSECURE)')
    .option(
      '--keys-join <code>',
      "get this server's certificate from the site's keys service, and trust its CA for clients: the code `paddock keys join NAME` prints there (once; PADDOCK_KEYS_JOIN)",
    );
}
