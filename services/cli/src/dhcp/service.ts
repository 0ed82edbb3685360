import {
  createDhcp,
  type DhcpModuleOptions,
  type DhcpServeConfig,
  dhcpConfigSchema,
  dhcpOptionsFromConfig,
} from '@paddock/dhcp';
import { ConfigError, type ServiceHandle } from '@paddock/runtime';
import { serverRun } from '../serve.ts';

/** `paddock dhcp serve`'s run: the server, loaded only when that verb runs. */
export const run = serverRun(dhcpConfigSchema.shape, (config) => [dhcpService(config)]);

/** The DHCP service from its parsed configuration; `boot` answers netboot clients (under `up`). */
export function dhcpService(config: DhcpServeConfig, boot?: DhcpModuleOptions['boot']): ServiceHandle {
  try {
    return createDhcp({ ...dhcpOptionsFromConfig(config), boot });
  } catch (err) {
    // dhcpOptionsFromConfig names the bad entry (subnets[2], --range) in a RangeError.
    if (err instanceof RangeError) throw new ConfigError(err.message);
    throw err;
  }
}
