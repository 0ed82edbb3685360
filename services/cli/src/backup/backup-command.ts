/** `paddock backup` and `paddock restore`: a data dir to one encrypted file and back. */
import { readFileSync, writeFileSync } from 'node:fs';
import { PaddockError, VERSION } from '@paddock/runtime';
import { Command, Option } from 'commander';
import { dataDirOption } from '../client-options.ts';
import { openBackup, sealBackup } from './archive.ts';
import { restoreDataDir } from './restore.ts';
import { snapshotDataDir } from './snapshot.ts';

const passphraseOption = () =>
  new Option('--passphrase-file <file>', 'file holding the passphrase (else PADDOCK_BACKUP_PASSPHRASE)');

/** From a file or the environment, never from the command line (where `ps` would show it). */
function passphrase(flags: { passphraseFile?: string }): string {
  const text = flags.passphraseFile
    ? readFileSync(flags.passphraseFile, 'utf8').replace(/\r?\n$/, '')
    : process.env['PADDOCK_BACKUP_PASSPHRASE'];
  if (!text)
    throw new PaddockError(
      'invalidArgument',
      'give the passphrase: --passphrase-file FILE or PADDOCK_BACKUP_PASSPHRASE',
    );
  return text;
}

export function backupCommand(): Command {
  return new Command('backup')
    .description(
      'write an encrypted, consistent copy of a data dir (databases, keys, certificates), even while serving',
    )
    .requiredOption('--out <file>', 'the backup file to write')
    .addOption(dataDirOption('the data dir'))
    .addOption(passphraseOption())
    .action(async (flags: { out: string; dataDir: string; passphraseFile?: string }) => {
      const secret = passphrase(flags);
      const files = await snapshotDataDir(flags.dataDir);
      writeFileSync(flags.out, sealBackup({ createdAtMs: Date.now(), version: VERSION, files }, secret), {
        mode: 0o600,
      });
      process.stdout.write(`backed up ${files.length} files of ${flags.dataDir} to ${flags.out}\n`);
    });
}

export function restoreCommand(): Command {
  return new Command('restore')
    .description('restore a backup into an empty data dir')
    .requiredOption('--in <file>', 'the backup file')
    .addOption(dataDirOption('the data dir'))
    .addOption(passphraseOption())
    .action((flags: { in: string; dataDir: string; passphraseFile?: string }) => {
      const backup = openBackup(readFileSync(flags.in), passphrase(flags));
      restoreDataDir(backup, flags.dataDir);
      const when = new Date(backup.createdAtMs).toISOString();
      process.stdout.write(
        `restored ${backup.files.length} files from ${when} (paddock ${backup.version}) into ${flags.dataDir}\n`,
      );
    });
}
