import { Command } from 'commander';
import { memberCommands } from './members.ts';
import { networksCommand } from './networks.ts';

/** `paddock overlay`: the node agent, and the control plane's networks, members, links and graph. */
export function overlayCommand(): Command {
  const overlay = new Command('overlay').description(
    'encrypted layer-2 overlay (WireGuard + VXLAN + a bridge): networks, members, paths, the node agent',
  );
  overlay
    .command('agent')
    .description(
      'apply the overlay to this host: from the control plane (--server, following its topology) or from a state file (--state)',
    )
    .option('--state <file>', 'desired state (JSON: node, privateKeyFile, networks)')
    .option('--once', 'with --state: apply once and exit (0 converged, 1 a step failed, 2 invalid state)')
    .option('--interval <seconds>', 'with --state: seconds between passes', '5')
    .option('--server <host:port>', 'the control plane: register this node and follow its topology')
    .option('--network <name>', 'with --server: the network to join')
    .option('--endpoint <ip[:port]>', "with --server: this node's underlay address")
    .option('--ca <file>', 'with --server: the CA bundle from enrolment (ca.crt)')
    .option('--cert <file>', 'with --server: the identity certificate from enrolment (identity.crt)')
    .option('--key <file>', 'with --server: its key (identity.key)')
    .option('--private-key <file>', 'with --server: the WireGuard private key (made on first start, never sent)')
    .option('--interfaces <wg,vxlan,bridge>', 'with --server: device names (default wg-NET,vx-NET,br-NET)')
    .action(
      async (flags: { state?: string; once?: boolean; interval: string; server?: string } & Record<string, string>) => {
        const { runAgent, runServerAgentCli } = await import('./agent-run.ts');
        if (flags.server) {
          process.exitCode = await runServerAgentCli({ ...flags, server: flags.server });
          return;
        }
        if (!flags.state) {
          process.stderr.write('overlay agent: --state FILE or --server HOST:PORT is required\n');
          process.exitCode = 2;
          return;
        }
        process.exitCode = await runAgent({ state: flags.state, once: flags.once, interval: Number(flags.interval) });
      },
    );
  overlay.addCommand(networksCommand());
  for (const c of memberCommands()) overlay.addCommand(c);
  return overlay;
}
