import { parseStoreUrl, type StoreTarget } from '@paddock/etcd';
import { PaddockError } from '@paddock/runtime';
import { Command } from 'commander';
import { dataDirOption } from '../client-options.ts';
import { printJson } from '../output.ts';
import { copySite } from './copy.ts';

function target(flag: string, value: string): StoreTarget {
  const t = parseStoreUrl(value);
  if ('error' in t) throw new PaddockError('invalidArgument', `${flag}: ${t.error}`);
  return t;
}

/** `paddock store …`: a site's state between SQLite and etcd. */
export function storeCommand(): Command {
  const cmd = new Command('store').description(
    "copy a site's records between SQLite and etcd, verified by counts and digests",
  );
  cmd
    .command('copy')
    .description(
      'copy DHCP leases and config, the inventory, boot rules, scripts and file records, keys records and authorities, deployments, scanner nodes, ports and records from one store to an empty other (servers stopped), then compare counts and SHA-256 digests read back from the destination',
    )
    .requiredOption('--from <store>', 'sqlite (the data dir) or etcd://host:port[,…][/prefix] or etcds://…?ca=FILE')
    .requiredOption('--to <store>', 'the same forms; must hold nothing of the site yet')
    .addOption(dataDirOption('the data dir of the SQLite side'))
    .option('--site <id>', "the site's id on etcd (default: default)", 'default')
    .option('--json', 'print the counts and digests as JSON')
    .action(async (f: { from: string; to: string; dataDir: string; site: string; json?: boolean }) => {
      const from = target('--from', f.from);
      const to = target('--to', f.to);
      const report = await copySite({ dataDir: f.dataDir, site: f.site, from, to }).catch((err: Error) => {
        throw new PaddockError('failedPrecondition', `store copy: ${err.message}`);
      });
      if (f.json) return printJson(report);
      for (const [kind, t] of Object.entries(report))
        process.stdout.write(`${kind}: ${t.count} copied, sha256 ${t.sha256} the same on both sides\n`);
    });
  return cmd;
}
