/** `paddock scanner …`: serve, and the client verbs for nodes, scans, port scans and look-ups. */

import { Command } from 'commander';
import { lazyServe, withServeOptions } from '../serve-options.ts';
import { withStoreFlags } from '../store-flags.ts';
import { lookupCommands } from './lookup-commands.ts';
import { nodesCommand } from './nodes-command.ts';
import { portsCommand } from './ports-command.ts';
import { scanCommand } from './scan-command.ts';
import { scheduleCommand } from './schedule-command.ts';
import { vendorsCommand } from './vendors-command.ts';

export const SCANNER_PORTS = { grpc: 7430, http: 7431 };

export function scannerCommand(): Command {
  const serveCmd = withServeOptions(
    withStoreFlags(new Command('serve'))
      .description('run the scanner: ARP and port scans, vendors, Wake-on-LAN on one interface')
      .option('--interface <name>', 'interface to scan and send wake-ups on (PADDOCK_INTERFACE)')
      .option(
        '--scan-interval <seconds>',
        'scan the interface subnets every so many seconds; 0 stops (PADDOCK_SCAN_INTERVAL)',
      )
      .option('--vendor-dir <dir>', 'IEEE registry CSVs (default /usr/share/ieee-data) (PADDOCK_VENDOR_DIR)')
      .option('--services-file <file...>', "IANA's service-names CSV or a services(5) file, before /etc/services"),
    SCANNER_PORTS,
  ).action(lazyServe('scanner', SCANNER_PORTS, () => import('./scanner-serve.ts')));
  const cmd = new Command('scanner').description('find, list and port-scan the machines on a LAN');
  cmd.addCommand(serveCmd);
  cmd.addCommand(nodesCommand());
  cmd.addCommand(scanCommand());
  cmd.addCommand(portsCommand());
  for (const c of lookupCommands()) cmd.addCommand(c);
  cmd.addCommand(vendorsCommand());
  cmd.addCommand(scheduleCommand());
  return cmd;
}
