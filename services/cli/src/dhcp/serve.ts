import { Command } from 'commander';
import { lazyServe, withServeOptions } from '../serve-options.ts';
import { withStoreFlags } from '../store-flags.ts';

export const DHCP_PORTS = { grpc: 7401, http: 7444 };

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `paddock dhcp serve`: the DHCP server alone. */
export function dhcpServeCommand(): Command {
  return withServeOptions(
    withStoreFlags(new Command('serve'))
      .description('serve DHCP on the given interfaces (and nowhere else)')
      .option(
        '--interface <if>',
        'an interface to serve; repeat for more (PADDOCK_INTERFACE, comma-separated)',
        collect,
      )
      .option('--subnet <cidr>', 'quick setup: serve this subnet')
      .option('--range <first-last>', 'quick setup: the pool, e.g. 10.0.0.100-10.0.0.200 (default: the whole subnet)')
      .option('--router <ip>', 'quick setup: the default gateway (option 3)')
      .option('--dns <ip,...>', 'quick setup: DNS servers (option 6)')
      .option('--domain <name>', 'quick setup: domain name (option 15)')
      .option('--lease-time <seconds>', 'quick setup: default lease time (default 3600)'),
    DHCP_PORTS,
  ).action(lazyServe('dhcp', DHCP_PORTS, () => import('./service.ts')));
}
