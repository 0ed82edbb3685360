import type { Command } from 'commander';
import { lazyServe, withServeOptions } from '../serve-options.ts';

export const DEPLOY_PORTS = { grpc: 7409, http: 7452 };

/**
 * `paddock deploy serve`: the deploy service alone. It reaches the keys service (and the
 * inventory, for selectors) of a server running on the same data dir.
 */
export function deployServeCommand(cmd: Command): Command {
  return withServeOptions(
    cmd.description('run the deploy service alone (with a keys server on the same data dir)'),
    DEPLOY_PORTS,
  ).action(lazyServe('deploy', DEPLOY_PORTS, () => import('./service.ts')));
}
