import { readFileSync } from 'node:fs';
import { PaddockError, pkiPaths } from '@paddock/runtime';
import { Command } from 'commander';
import { dataDirOption } from './client-options.ts';

/** `paddock token`: prints the admin token of the server on this machine, for the console's login. */
export function tokenCommand(): Command {
  return new Command('token')
    .description("print the admin token (the console's login) of the server whose data dir this is")
    .addOption(dataDirOption('data dir of the server'))
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
