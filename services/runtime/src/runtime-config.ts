import { hostname } from 'node:os';
import { z } from 'zod';
import { defaultDataDir } from './default-data-dir.ts';
import { type ListenAddress, listenSchema } from './listen.ts';
import type { RuntimeConfig } from './module.ts';

const flag = z.union([z.boolean(), z.stringbool()]);

/** The settings every server shares; each command extends it with its own keys. */
export const runtimeConfigSchema = z.object({
  dataDir: z.string().min(1).default(defaultDataDir()),
  grpcListen: listenSchema.optional(),
  httpListen: listenSchema.optional(),
  insecure: flag.default(false),
  hostname: z.string().min(1).default(hostname()),
  logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  config: z.string().optional(),
});

/** Fills in the listen addresses: the command's default ports, on loopback when insecure. */
export function toRuntimeConfig(
  c: z.infer<typeof runtimeConfigSchema>,
  ports: { grpc: number; http: number },
): RuntimeConfig {
  const host = c.insecure ? '127.0.0.1' : '0.0.0.0';
  const grpcListen: ListenAddress = c.grpcListen ?? { host, port: ports.grpc };
  const httpListen: ListenAddress = c.httpListen ?? { host, port: ports.http };
  return {
    dataDir: c.dataDir,
    grpcListen,
    httpListen,
    insecure: c.insecure,
    hostname: c.hostname,
    logLevel: c.logLevel,
  };
}
