import { type BootHandle, bootConfigSchema, createBoot, resolveBootSettings } from '@paddock/boot';
import { interfaceInfo } from '@paddock/netio';
import { ConfigError, loadConfig } from '@paddock/runtime';
import type { Command } from 'commander';

export const BOOT_PORTS = { grpc: 7402, http: 7445 };

/** The boot service's own flags, shared by `paddock boot serve` and `paddock up`. */
export function withBootOptions(cmd: Command, prefix = ''): Command {
  return cmd
    .option(
      `--${prefix}interface <if>`,
      'boot interface: TFTP, boot HTTP and proxyDHCP listen only on it (PADDOCK_INTERFACE)',
    )
    .option(
      '--proxy-dhcp',
      'answer PXE and HTTP boot clients as proxyDHCP (ports 67 and 4011) on --interface (PADDOCK_PROXY_DHCP)',
    )
    .option('--boot-http-listen <host:port>', 'plain-HTTP listener for firmware (default <interface address>:8080)')
    .option('--tftp-listen <host:port>', 'TFTP listener (default <interface address>:69)')
    .option('--advertise-address <ip>', 'the address machines reach this server at (default: the interface address)')
    .option('--url-ttl <seconds>', 'lifetime of signed script and per-node URLs (default 3600)')
    .option('--ipxe-dir <dir>', "Debian's iPXE binaries, copied into the store at first start (default /usr/lib/ipxe)");
}

/** Parses the boot flags once, looks the interface up, and makes the module. */
export function bootFromFlags(flags: Record<string, unknown>, interfaceFlag = 'interface'): BootHandle {
  const config = loadConfig(bootConfigSchema, { flags: { ...flags, interface: flags[interfaceFlag] } });
  let iface: { address: string | undefined; mtu: number } | undefined;
  if (config.interface) {
    try {
      const info = interfaceInfo(config.interface);
      iface = { address: info.ipv4[0]?.address, mtu: info.mtu };
    } catch (err) {
      throw new ConfigError(`--interface: ${(err as Error).message}`);
    }
  }
  try {
    return createBoot(resolveBootSettings(config, iface));
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
}
