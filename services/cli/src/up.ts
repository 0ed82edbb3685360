import { dhcpModule, dhcpOptionsFromConfig, dhcpServeSchema } from '@paddock/dhcp';
import { ConfigError, loadConfig, type ModuleFactory } from '@paddock/runtime';
import { scannerConfigSchema, scannerModule, toScannerOptions } from '@paddock/scanner';
import { Command } from 'commander';
import { inProcessInventory } from './boot/inventory-link.ts';
import { bootFromFlags, withBootOptions } from './boot/serve.ts';
import { inventoryFromFlags, withInventoryOptions } from './inventory/serve.ts';
import { serve, withServeOptions } from './serve.ts';

export const UP_PORTS = { grpc: 7400, http: 7443 };

/** `paddock up`: every Paddock service in one process, one data dir, one credential, one console. */
export function upCommand(): Command {
  const cmd = withServeOptions(
    new Command('up')
      .description('run every Paddock service in one process, with the web console')
      .option(
        '--interface <if>',
        'the LAN interface: DHCP, boot, scanning and wake-ups on it, nowhere else (PADDOCK_INTERFACE)',
      )
      .option('--subnet <cidr>', 'serve DHCP for this subnet on --interface (quick setup)')
      .option('--range <first-last>', 'the DHCP pool in --subnet (default: the whole subnet)')
      .option('--scan-interval <seconds>', 'scan the interface subnets every so many seconds; 0 stops'),
    UP_PORTS,
  );
  return withInventoryOptions(withBootOptions(cmd, 'boot-')).action(async (flags: Record<string, unknown>) => {
    // The inventory follows the other services through this very server's gRPC port.
    const inventory = inventoryFromFlags(flags);
    // Boot listens on the network only when given --boot-interface or --interface (or listen
    // addresses); `boot.provider` is what the DHCP module asks for boot answers. Its rules see
    // the inventory's labels and per-node boot rules straight from the inventory in this process.
    const boot = bootFromFlags(
      { ...flags, bootInterface: flags['bootInterface'] ?? flags['interface'] },
      'bootInterface',
      inProcessInventory(inventory),
    );
    const scanner = scannerModule(toScannerOptions(loadConfig(scannerConfigSchema, { flags })));
    const modules: ModuleFactory[] = [boot.factory, scanner, inventory.factory];
    // DHCP has nothing to serve without an interface: it joins when given one.
    if (flags['interface']) modules.push(dhcpModule({ ...dhcpOptions(flags), boot: boot.provider }));
    await serve('up', flags, UP_PORTS, modules);
  });
}

function dhcpOptions(flags: Record<string, unknown>) {
  try {
    return dhcpOptionsFromConfig(loadConfig(dhcpServeSchema, { flags }));
  } catch (err) {
    if (err instanceof RangeError) throw new ConfigError(err.message);
    throw err;
  }
}
