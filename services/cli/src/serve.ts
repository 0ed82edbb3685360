import { loadConfig, runtimeConfigSchema, type ServiceHandle, startServer, toRuntimeConfig } from '@paddock/runtime';
import { z } from 'zod';
import { joinedKeys } from './keys-join.ts';
import { systemdNotifier } from './sd-notify.ts';
import type { Flags, ServerRun } from './serve-options.ts';

/** The settings every server command shares: the runtime's, and where to get its certificate. */
const serveShape = runtimeConfigSchema.extend({ keysJoin: z.string().min(1).optional() });
export type ServeConfig = z.infer<typeof serveShape>;

/**
 * A server command's one configuration schema: the runtime's keys and the command's own, strict,
 * so a key nobody reads (a typo in the YAML file, say) stops the start with its name.
 */
export function serveSchema<T extends z.ZodRawShape>(shape: T) {
  return serveShape.extend(shape).strict();
}

/**
 * A server module's run: its own configuration keys, parsed once with every server's (flags,
 * PADDOCK_*, YAML), and the services made from them. `prepare` adjusts flags commander gives
 * in a form the schema cannot take.
 */
export function serverRun<T extends z.ZodRawShape>(
  shape: T,
  services: (config: z.infer<ReturnType<typeof serveSchema<T>>>) => readonly ServiceHandle[],
  prepare: (flags: Flags) => Flags = (f) => f,
): ServerRun {
  return async (name, ports, flags) => {
    const config = loadConfig(serveSchema(shape), { flags: prepare(flags) });
    // Every server's keys are in the schema; TypeScript cannot see through the generic extend.
    await serve(name, config as unknown as ServeConfig, ports, services(config));
  };
}

/**
 * Starts the server with the services given, from the configuration the command parsed once,
 * and runs until SIGINT or SIGTERM, then shuts down gracefully (a second signal, a second or
 * more later, exits at once).
 */
export async function serve(
  name: string,
  parsed: ServeConfig,
  ports: { grpc: number; http: number },
  services: readonly ServiceHandle[],
) {
  const joined = await joinedKeys(parsed, services);
  const modules = [...services.map((s) => s.factory), ...(joined ? [joined.factory] : [])];
  // The keys service, where it runs, issues this server's own certificate and admin credential;
  // a server joined to a keys service elsewhere enrols with it.
  const pki = services.find((s) => s.pki)?.pki ?? joined?.pki;
  const server = await startServer({ name, config: toRuntimeConfig(parsed, ports), modules, ...(pki ? { pki } : {}) });
  const systemd = systemdNotifier(process.env, (err, what) => server.log.warn({ err }, `${what} failed`));
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
    systemd.stopping();
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
  systemd.ready(`serving gRPC on ${server.grpcAddress}, console on ${server.httpUrl}`);
  if (!parsed.insecure && server.pki) {
    process.stderr.write(
      `paddock ${name}: console ${server.httpUrl}  (log in with the token in ${server.pki.paths.adminToken}, or run \`paddock token\`)\n`,
    );
  }
  return server;
}
