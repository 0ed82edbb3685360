import { Command } from 'commander';
import { lazyServe, withServeOptions } from '../serve-options.ts';
import { withStoreFlags } from '../store-flags.ts';

export const INVENTORY_PORTS = { grpc: 7403, http: 7446 };

/** The inventory's own flags, shared by `paddock inventory serve` and `paddock up`. */
export function withInventoryOptions(cmd: Command): Command {
  return withStoreFlags(cmd)
    .option('--qemu-netns <ns>', 'network namespace holding the bridge QEMU machines join (PADDOCK_QEMU_NETNS)')
    .option('--qemu-bridge <name>', 'the bridge in --qemu-netns for QEMU machines (PADDOCK_QEMU_BRIDGE)')
    .option('--qemu-binary <path>', 'QEMU to run (default qemu-system-x86_64)')
    .option('--qemu-accel <tcg|kvm>', 'QEMU accelerator (default tcg)')
    .option('--reconcile-interval <seconds>', 'time between power reconcile passes (default 2)')
    .option(
      '--bmc-poll-interval <seconds>',
      'time between power-state polls of one BMC, longer while it fails (default 30)',
    )
    .option('--boot-timeout <seconds>', 'booting this long without phoning home fails the boot (default 600)')
    .option(
      '--compute-host',
      'with --store etcd://…: claim QEMU machines desired on and run them here (PADDOCK_COMPUTE_HOST)',
    )
    .option('--compute-capacity <n>', 'how many QEMU machines this compute host runs at most (default 4)')
    .option('--claim-ttl <seconds>', "how long a dead compute host keeps its machines' claims (default 10)")
    .option('--no-feeds', "do not follow the DHCP, boot and scanner services' streams")
    .option('--dhcp-server <host:port>', 'the DHCP service to follow (default: found in the data dir)')
    .option('--boot-server <host:port>', 'the boot service to follow (default: found in the data dir)')
    .option('--scanner-server <host:port>', 'the scanner to follow and wake through (default: found in the data dir)');
}

/** commander's --no-feeds gives feeds=true unless given; undefined lets env and YAML decide. */
export function feedsFlag(flags: Record<string, unknown>): false | undefined {
  return flags['feeds'] === false ? false : undefined;
}

/** `paddock inventory …`: the inventory service alone. */
export function inventoryCommand(): Command {
  const cmd = new Command('inventory').description('the list of machines, their power and lifecycle');
  cmd.addCommand(
    withInventoryOptions(
      withServeOptions(new Command('serve').description('run the inventory service'), INVENTORY_PORTS),
    ).action(lazyServe('inventory', INVENTORY_PORTS, () => import('./service.ts'))),
  );
  return cmd;
}
