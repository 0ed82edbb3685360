import {
  type BootConfig,
  type BootHandle,
  type BootOptions,
  createBoot,
  type InventoryLink,
  inventoryOverGrpc,
  resolveBootSettings,
} from '@paddock/boot';
import { interfaceInfo } from '@paddock/netio';
import { ConfigError } from '@paddock/runtime';
import type { Command } from 'commander';

export const BOOT_PORTS = { grpc: 7402, http: 7445 };

/**
 * The boot service's own flags, shared by `paddock boot serve` and `paddock up`. Under `up` the
 * boot interface is `--boot-interface` (PADDOCK_BOOT_INTERFACE), beside up's `--interface`.
 */
export function withBootOptions(cmd: Command, prefix = ''): Command {
  const env = `PADDOCK_${prefix.replaceAll('-', '_').toUpperCase()}INTERFACE`;
  return cmd
    .option(`--${prefix}interface <if>`, `boot interface: TFTP, boot HTTP and proxyDHCP listen only on it (${env})`)
    .option(
      '--proxy-dhcp',
      'answer PXE and HTTP boot clients as proxyDHCP (ports 67 and 4011) on --interface (PADDOCK_PROXY_DHCP)',
    )
    .option(
      '--router-advert',
      'answer IPv6 router solicitations on --interface (no prefix, not a default router), so iPXE does not wait ~16 s for one (PADDOCK_ROUTER_ADVERT)',
    )
    .option('--boot-http-listen <host:port>', 'plain-HTTP listener for firmware (default <interface address>:8080)')
    .option('--tftp-listen <host:port>', 'TFTP listener (default <interface address>:69)')
    .option(
      '--tftp-lanes <n>',
      'most worker threads running TFTP transfers, started as needed (default: 4 per CPU, 4 to 16)',
    )
    .option(
      '--tftp-per-client <n>',
      'most TFTP transfers one client address may run at once (default 8; raise it for many clients behind one address)',
    )
    .option('--advertise-address <ip>', 'the address machines reach this server at (default: the interface address)')
    .option('--url-ttl <seconds>', 'lifetime of signed script and per-node URLs (default 3600)')
    .option('--ipxe-dir <dir>', "Debian's iPXE binaries, copied into the store at first start (default /usr/lib/ipxe)");
}

/** `paddock boot serve` alone: where its rules learn machines' labels and boot rules. */
export function withInventoryFollowOptions(cmd: Command): Command {
  return cmd
    .option(
      '--inventory-server <host:port>',
      "the inventory whose labels and nodes' boot rules the rules see (default: found in the data dir) (PADDOCK_INVENTORY_SERVER)",
    )
    .option('--no-follow-inventory', 'do not follow an inventory: rules see no labels and no per-node boot rule');
}

/**
 * The boot service from its parsed configuration: looks the interface up and makes the module.
 * Its rules follow `opts.inventory` when given (the one in this process), else the inventory
 * over gRPC when the configuration says to follow one. Errors name `opts.interfaceFlag`.
 */
export function bootService(
  config: BootConfig,
  opts: {
    inventory?: InventoryLink;
    interfaceFlag?: string;
    enrolment?: BootOptions['enrolment'];
    store?: BootOptions['store'];
    peers?: BootOptions['peers'];
  } = {},
): BootHandle {
  let iface: { address: string | undefined; mtu: number } | undefined;
  if (config.interface) {
    try {
      const info = interfaceInfo(config.interface);
      iface = { address: info.ipv4[0]?.address, mtu: info.mtu };
    } catch (err) {
      throw new ConfigError(`${opts.interfaceFlag ?? '--interface'}: ${(err as Error).message}`);
    }
  }
  try {
    const link = opts.inventory ?? (config.followInventory ? inventoryOverGrpc(config.inventoryServer) : undefined);
    return createBoot(resolveBootSettings(config, iface, opts.interfaceFlag), {
      inventory: link,
      enrolment: opts.enrolment,
      store: opts.store,
      peers: opts.peers,
    });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
}
