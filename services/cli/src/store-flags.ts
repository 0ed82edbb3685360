import type { Command } from 'commander';

/** `--store` and `--site`, for every command that runs a service keeping state (one schema: @paddock/etcd). */
export function withStoreFlags(cmd: Command): Command {
  return cmd
    .option(
      '--store <url>',
      'sqlite (default, in the data dir), etcd://host:port[,host:port][/prefix] or etcds://…?ca=FILE[&cert=FILE&key=FILE] (PADDOCK_STORE)',
    )
    .option(
      '--site <id>',
      "the site's id: etcd keys under /paddock/<id>/; another site's prefix is refused (default: default)",
    );
}
