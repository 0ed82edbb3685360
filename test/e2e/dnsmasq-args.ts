import { join } from 'node:path';

/**
 * dnsmasq as a lab's DHCP server on eth0 of its host: in the foreground, no DNS, no config file,
 * a pool of .100–.150 in `net` (e.g. 10.82.0), leases in `dir`, DHCP exchanges logged. Callers
 * add their boot and router-advert options.
 */
export function dnsmasqDhcpArgs(net: string, dir: string): string[] {
  return [
    'dnsmasq',
    '--no-daemon',
    '--conf-file=/dev/null',
    '--port=0',
    '--user=root',
    '--interface=eth0',
    '--bind-interfaces',
    `--dhcp-range=${net}.100,${net}.150,255.255.255.0,1h`,
    `--dhcp-leasefile=${join(dir, 'dnsmasq.leases')}`,
    '--log-dhcp',
  ];
}
