import type { Command } from 'commander';
import { lazyServe, withServeOptions } from '../serve-options.ts';

export const BUILD_PORTS = { grpc: 7408, http: 7451 };

/** The build service's flags, shared by `paddock build serve` and `paddock up`. */
export function withBuildOptions(cmd: Command): Command {
  return cmd
    .option('--build-concurrency <n>', 'builds run at once (default 1) (PADDOCK_BUILD_CONCURRENCY)')
    .option('--build-timeout <seconds>', "a build's default time limit (default 1800) (PADDOCK_BUILD_TIMEOUT)")
    .option('--build-file-limit <bytes>', 'the most bytes one file a build writes may hold (default 2 GiB)')
    .option('--build-inputs <dir>', 'fetched Debian packages, shared by builds (default <data-dir>/build/inputs)')
    .option('--build-cache <dir>', 'the artifact cache (default <data-dir>/build/cache)')
    .option('--build-user <uid:gid>', 'the user builds run as when the server is root (default 65534:65534, nobody)');
}

/** `paddock build serve`: the build service alone (it publishes nothing: no boot service here). */
export function buildServeCommand(cmd: Command): Command {
  return withBuildOptions(withServeOptions(cmd.description('run the build service alone'), BUILD_PORTS)).action(
    lazyServe('build', BUILD_PORTS, () => import('./service.ts')),
  );
}
