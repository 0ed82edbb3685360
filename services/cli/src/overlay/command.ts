import { runAgent } from '@paddock/overlay';
import { Command } from 'commander';

/** `paddock overlay agent`: the node side of the encrypted layer-2 overlay. */
export function overlayCommand(): Command {
  const overlay = new Command('overlay').description(
    'encrypted layer-2 overlay (WireGuard + VXLAN + a bridge): the node agent',
  );
  overlay
    .command('agent')
    .description('apply a desired overlay state to this host (idempotent) and print what it observes, as JSON')
    .requiredOption('--state <file>', 'desired state (JSON: node, privateKeyFile, networks)')
    .option('--once', 'apply once and exit (0 converged, 1 a step failed, 2 invalid state)')
    .option('--interval <seconds>', 'seconds between passes', '5')
    .action(async (flags: { state: string; once?: boolean; interval: string }) => {
      process.exitCode = await runAgent({ state: flags.state, once: flags.once, interval: Number(flags.interval) });
    });
  return overlay;
}
