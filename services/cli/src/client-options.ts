import {
  type Client,
  type ConnectOptions,
  defaultDataDir,
  type GenericServiceDefinition,
  type Target,
} from '@paddock/runtime';
import { type Command, Option } from 'commander';

/** `--data-dir` (PADDOCK_DATA_DIR, else the default data dir) for every verb that reads one. */
export function dataDirOption(description = 'data dir of a server on this machine'): Option {
  return new Option('--data-dir <dir>', description).env('PADDOCK_DATA_DIR').default(defaultDataDir());
}

/** The flags every client verb shares: where the server is and how to prove who we are. */
export function withClientOptions(cmd: Command): Command {
  return cmd
    .addOption(dataDirOption())
    .addOption(
      new Option('--server <host:port>', 'gRPC address of the server (default: found in the data dir)').env(
        'PADDOCK_SERVER',
      ),
    )
    .addOption(new Option('--token <token>', 'bearer token (default: <data-dir>/admin.token)').env('PADDOCK_TOKEN'))
    .addOption(
      new Option('--ca <file>', 'CA certificate of the server (default: <data-dir>/pki/ca.crt)').env('PADDOCK_CA'),
    )
    .option('--insecure', 'connect without TLS (to an --insecure server on loopback)')
    .option('--json', 'print JSON instead of text');
}

export interface ClientFlags {
  dataDir: string;
  server?: string;
  token?: string;
  ca?: string;
  insecure?: boolean;
  json?: boolean;
}

export function connectOptions(flags: ClientFlags, service?: string): ConnectOptions {
  return {
    dataDir: flags.dataDir,
    server: flags.server,
    token: flags.token,
    caFile: flags.ca,
    insecure: flags.insecure,
    service,
  };
}

/** The gRPC client, loaded by a verb's action when it calls a server, not before. */
export const grpcClient = () => import('./grpc-client.ts');

/** A connection to the server the flags point at (found in the data dir by default). */
export async function connectTo(flags: ClientFlags, service?: string): Promise<Connection> {
  const { H2Connection, resolveTarget } = await grpcClient();
  return new H2Connection(resolveTarget(connectOptions(flags, service)));
}

/** A connection to a server at a known address, with only a CA (and a client certificate). */
export async function connectWith(target: Target): Promise<Connection> {
  const { H2Connection } = await grpcClient();
  return new H2Connection(target);
}

/** Clients of a server's services; closed with the last of them. */
export interface Connection {
  client<D extends GenericServiceDefinition>(definition: D): Client<D>;
}

/** A client of one service, for the server the flags point at (found in the data dir by default). */
export async function clientFor<D extends GenericServiceDefinition>(
  definition: D,
  flags: ClientFlags,
): Promise<Client<D>> {
  return (await connectTo(flags, definition.fullName)).client(definition);
}

/** `with(flags, fn)` for one service: runs `fn` with a client of it, then closes the client. */
export function withClientOf<D extends GenericServiceDefinition>(definition: D) {
  return async <T>(flags: ClientFlags, fn: (client: Client<D>) => Promise<T>): Promise<T> => {
    const client = await clientFor(definition, flags);
    try {
      return await fn(client);
    } finally {
      client.close();
    }
  };
}
