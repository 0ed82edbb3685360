import { GetStatsResponse } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { Command } from 'commander';
import { type ClientFlags, withClientOptions } from '../client-options.ts';
import { printJson, printTable } from '../output.ts';
import { withDhcp } from './client.ts';
import { leasesCommand } from './leases.ts';
import { reservationsCommand } from './reservations.ts';
import { dhcpServeCommand } from './serve.ts';
import { subnetsCommand } from './subnets.ts';

function statsCommand(): Command {
  return withClientOptions(new Command('stats').description('message counters, drops by reason, pool use')).action(
    (f: ClientFlags) =>
      withDhcp(f, async (c) => {
        const s = await c.getStats({});
        if (f.json) return printJson(GetStatsResponse.toJSON(s));
        printTable(
          ['SUBNET', 'POOL', 'SIZE', 'BOUND', 'OFFERED', 'DECLINED', 'FREE'],
          s.pools.map((p) => [
            p.subnetId,
            `${p.first}-${p.last}`,
            ...[p.size, p.bound, p.offered, p.declined, p.free].map(String),
          ]),
        );
        const counts = (title: string, m: Record<string, bigint>) =>
          Object.entries(m).map(([k, v]) => [title, k, String(v)]);
        process.stdout.write('\n');
        printTable(
          ['COUNTER', 'KEY', 'VALUE'],
          [
            ...counts('received', s.received),
            ...counts('sent', s.sent),
            ...counts('dropped', s.dropped),
            ...counts('probes', s.probes),
          ],
        );
      }),
  );
}

/** `paddock dhcp`: the server and its client verbs. */
export function dhcpCommand(): Command {
  return new Command('dhcp')
    .description('DHCPv4 server: serve, and manage subnets, reservations and leases')
    .addCommand(dhcpServeCommand())
    .addCommand(leasesCommand())
    .addCommand(subnetsCommand())
    .addCommand(reservationsCommand())
    .addCommand(statsCommand());
}
