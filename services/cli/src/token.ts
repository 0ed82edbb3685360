import { readFileSync } from 'node:fs';
import { defaultDataDir, PaddockError, pkiPaths } from '@paddock/runtime';
import { Command, Option } from 'commander';

/** `paddock token`: prints the admin token of the server on this machine, for the console's login. */
export function tokenCommand(): Command {
  return new Command('token')
    .description("print the admin token (the console's login) of the server whose data dir this is")
    .addOption(
      new Option('--data-dir <dir>', 'data dir of the server').env('PADDOCK_DATA_DIR').default(defaultDataDir()),
    )
    .action((flags: { dataDir: string }) => {
      const file = pkiPaths(flags.dataDir).adminToken;
      let token: string;
      try {
        token = readFileSync(file, 'utf8').trim();
      } catch (err) {
        throw new PaddockError(
          'notFound',
          `no admin token at ${file} (${(err as NodeJS.ErrnoException).code}): has a server run with this data dir?`,
        );
      }
      process.stdout.write(`${token}\n`);
    });
}
