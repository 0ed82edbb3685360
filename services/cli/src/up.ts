import { Command } from 'commander';
import { serve, withServeOptions } from './serve.ts';

export const UP_PORTS = { grpc: 7400, http: 7443 };

/** `paddock up`: every Paddock service in one process, one data dir, one credential, one console. */
export function upCommand(): Command {
  return withServeOptions(
    new Command('up').description('run every Paddock service in one process, with the web console'),
    UP_PORTS,
  ).action(async (flags: Record<string, unknown>) => {
    await serve('up', flags, UP_PORTS, []);
  });
}
