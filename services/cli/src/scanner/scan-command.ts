/** `paddock scanner scan [CIDR...]`: an ARP scan now, printing what answered. */
import { Scan, ScanState } from '@paddock/proto/scanner/v1/scanner.ts';
import { Command } from 'commander';
import { type ClientFlags, withClientOptions } from '../client-options.ts';
import { printJson, printTable } from '../output.ts';
import { intOption, withScanner } from './scanner-client.ts';

interface ScanFlags extends ClientFlags {
  rate?: string;
  tries?: string;
  timeout?: string;
  backoff?: string;
  fixedTimeout?: boolean;
}

export function scanCommand(): Command {
  return withClientOptions(
    new Command('scan')
      .description("ARP-scan CIDRs (default: the server interface's subnets) and print what answered")
      .argument('[cidrs...]', 'IPv4 CIDRs, e.g. 192.168.1.0/24')
      .option('--rate <n>', 'requests per second, retries included (default 1000)')
      .option('--tries <n>', 'requests per silent address (default 3)')
      .option('--timeout <ms>', 'first wait for a reply (default 500)')
      .option('--backoff <x>', 'growth of each wait (default 1.5)')
      .option('--fixed-timeout', 'do not shorten waits from measured round trips'),
  ).action(async (cidrs: string[], flags: ScanFlags) =>
    withScanner(flags, async (client) => {
      const backoff = flags.backoff === undefined ? 0 : Number(flags.backoff);
      if (!(backoff >= 0)) throw new Error(`--backoff must be a number, got ${JSON.stringify(flags.backoff)}`);
      const options = {
        cidrs,
        rate: intOption('rate', flags.rate),
        tries: intOption('tries', flags.tries),
        timeoutMs: intOption('timeout', flags.timeout),
        backoff,
        fixedTimeout: flags.fixedTimeout ?? false,
      };
      const { scan } = await client.startScan({ options, wait: true }, { deadlineMs: 30 * 60_000 });
      if (!scan) throw new Error('the server sent no scan');
      if (flags.json) return printJson(Scan.toJSON(scan));
      if (scan.state === ScanState.SCAN_STATE_FAILED) throw new Error(`scan failed: ${scan.error}`);
      const macs = [...new Set(scan.sightings.map((s) => s.mac))];
      const { vendors } = await client.lookupVendor({ macs });
      const vendorOf = new Map(macs.map((m, i) => [m, vendors[i]?.organization || vendors[i]?.note || '']));
      printTable(
        ['IP', 'MAC', 'VENDOR', 'RTT'],
        scan.sightings.map((s) => [s.ip, s.mac, vendorOf.get(s.mac) ?? '', `${s.rttMs.toFixed(1)} ms`]),
      );
      const ms = Number(scan.finishedAtUnixMs - scan.startedAtUnixMs);
      process.stdout.write(
        `${scan.sightings.length} answered of ${scan.targets} addresses (${scan.options?.cidrs.join(', ')}) on ${scan.interface}, ${scan.requestsSent} requests, ${(ms / 1000).toFixed(2)} s\n`,
      );
    }),
  );
}
