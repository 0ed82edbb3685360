import { loadConfig } from '@paddock/runtime';
import { Command } from 'commander';
import { withBootOptions } from './boot/serve.ts';
import { withBuildOptions } from './build/serve.ts';
import { feedsFlag, withInventoryOptions } from './inventory/serve.ts';
import { withKeysOptions } from './keys/serve.ts';
import { serve } from './serve.ts';
import { withServeOptions } from './serve-options.ts';
import { compose, upConfigSchema } from './up/compose.ts';

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
      .option('--scan-interval <seconds>', 'scan the interface subnets every so many seconds; 0 stops')
      .option(
        '--crown <selector>',
        "keep the cluster's control plane whole: crown a worker when a master dies, among the inventory's ready nodes this selector matches (PADDOCK_CROWN)",
      )
      .option('--crown-hosts <NAME=ADDRESS,...>', 'or among these hosts (PADDOCK_CROWN_HOSTS)')
      .option('--crown-masters <n>', 'control-plane members kept (default 3) (PADDOCK_CROWN_MASTERS)')
      .option('--crown-grace <seconds>', 'before a dead master is replaced (default 30) (PADDOCK_CROWN_GRACE)')
      .option(
        '--role-ttl <seconds>',
        'with --store etcd://…: how long a dead server keeps its singleton roles (default 10) (PADDOCK_ROLE_TTL)',
      ),
    UP_PORTS,
  );
  return withBuildOptions(withKeysOptions(withInventoryOptions(withBootOptions(cmd, 'boot-')))).action(
    async (flags: Record<string, unknown>) => {
      const config = loadConfig(upConfigSchema, { flags: { ...flags, feeds: feedsFlag(flags) } });
      await serve('up', config, UP_PORTS, compose(config));
    },
  );
}
