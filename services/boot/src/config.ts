import { type ListenAddress, listenSchema } from '@paddock/runtime';
import { z } from 'zod';

const flag = z.union([z.boolean(), z.stringbool()]);

/** The boot service's own settings, beside the runtime's (flags, PADDOCK_* env, YAML). */
export const bootConfigSchema = z.object({
  /** The boot interface: TFTP, boot HTTP and proxyDHCP listen on it (and only on it). */
  interface: z.string().min(1).optional(),
  proxyDhcp: flag.default(false),
  /** Answer IPv6 router solicitations on the interface (no prefix, not a default router). */
  routerAdvert: flag.default(false),
  /** Plain-HTTP listener for firmware (default <interface address>:8080). */
  bootHttpListen: listenSchema.optional(),
  /** TFTP listener (default <interface address>:69). */
  tftpListen: listenSchema.optional(),
  /** The address machines reach this server at (default: the interface's first IPv4). */
  advertiseAddress: z.ipv4().optional(),
  /** Most worker threads running TFTP transfers, started as needed (default: 4 per CPU, 4 to 16). */
  tftpLanes: z.coerce.number().int().min(1).max(64).optional(),
  tftpPerClient: z.coerce.number().int().min(1).max(1000).optional(),
  /** Lifetime of signed script and per-node URLs, in seconds. */
  urlTtl: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .default(3600),
  /** Where Debian's ipxe package puts undionly.kpxe and ipxe.efi, copied in at first start. */
  ipxeDir: z.string().default('/usr/lib/ipxe'),
  /** `paddock boot serve` alone: follow the inventory's nodes (labels, boot rules) over gRPC. */
  followInventory: flag.default(true),
  /** Where that inventory is (host:port); found through the data dir's run files when omitted. */
  inventoryServer: z.string().min(1).optional(),
});

export type BootConfig = z.infer<typeof bootConfigSchema>;

/** What the module runs with, once the interface is looked up. */
export interface BootSettings {
  interface: string | undefined;
  proxyDhcp: boolean;
  /** iPXE waits ~16 s for an IPv6 router advertisement on a link without one. */
  routerAdvert: boolean;
  /** Undefined: no TFTP listener (API only). */
  tftpListen: ListenAddress | undefined;
  /** Undefined: the TFTP server's default. */
  tftpLanes: number | undefined;
  /** Undefined: the TFTP server's default. */
  tftpPerClient: number | undefined;
  bootHttpListen: ListenAddress | undefined;
  advertiseAddress: string | undefined;
  urlTtl: number;
  ipxeDir: string;
  /** Largest TFTP block: the boot interface's MTU − 32 (IPv4 20, UDP 8, TFTP 4). */
  maxBlksize: number;
  /** The flag each listen address came from, for start-up errors ("--tftp-listen", "--interface eth0"). */
  listenFlags: { tftp: string; http: string };
}

export class BootConfigError extends Error {
  override name = 'BootConfigError';
}

/**
 * Fills in defaults from the interface (looked up by the caller, so this stays pure). Without an
 * interface nothing listens on the network unless a listen address is given outright.
 */
export function resolveBootSettings(
  c: BootConfig,
  iface?: { address: string | undefined; mtu: number },
  interfaceFlag = '--interface',
): BootSettings {
  if (c.proxyDhcp && !c.interface)
    throw new BootConfigError('--proxy-dhcp needs --interface: proxyDHCP listens only on the interface named');
  if (c.routerAdvert && !c.interface)
    throw new BootConfigError('--router-advert needs --interface: advertisements go out on that interface only');
  if (c.interface && !iface?.address && !c.advertiseAddress) {
    throw new BootConfigError(`interface ${c.interface} has no IPv4 address: give it one or set --advertise-address`);
  }
  const address = c.advertiseAddress ?? iface?.address;
  const host = iface?.address;
  const tftpListen = c.tftpListen ?? (host ? { host, port: 69 } : undefined);
  const bootHttpListen = c.bootHttpListen ?? (host ? { host, port: 8080 } : undefined);
  if ((tftpListen || bootHttpListen || c.proxyDhcp) && !address) {
    throw new BootConfigError('set --advertise-address: the address machines reach this server at');
  }
  return {
    interface: c.interface,
    proxyDhcp: c.proxyDhcp,
    routerAdvert: c.routerAdvert,
    tftpListen,
    tftpLanes: c.tftpLanes,
    tftpPerClient: c.tftpPerClient,
    bootHttpListen,
    advertiseAddress: address,
    urlTtl: c.urlTtl,
    ipxeDir: c.ipxeDir,
    maxBlksize: Math.max(512, Math.min(65464, (iface?.mtu ?? 1500) - 32)),
    listenFlags: {
      tftp: c.tftpListen ? '--tftp-listen' : `${interfaceFlag} ${c.interface}`,
      http: c.bootHttpListen ? '--boot-http-listen' : `${interfaceFlag} ${c.interface}`,
    },
  };
}
