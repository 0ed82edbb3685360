import { loadConfig } from '@paddock/runtime';
import type { Command } from 'commander';
import { serve, serveSchema, withServeOptions } from '../serve.ts';

export const DEPLOY_PORTS = { grpc: 7409, http: 7452 };

/**
 * `paddock deploy serve`: the deploy service alone. It reaches the keys service (and the
 * inventory, for selectors) of a server running on the same data dir.
 */
export function deployServeCommand(cmd: Command): Command {
  return withServeOptions(
    cmd.description('run the deploy service alone (with a keys server on the same data dir)'),
    DEPLOY_PORTS,
  ).action(async (flags: Record<string, unknown>) => {
    // The server is loaded only for `serve`: the client verbs start without it.
    const { createDeploy } = await import('@paddock/deploy-service');
    await serve('deploy', loadConfig(serveSchema({}), { flags }), DEPLOY_PORTS, [createDeploy()]);
  });
}
