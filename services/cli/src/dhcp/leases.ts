import { Lease, LeaseState, leaseStateFromJSON, leaseStateToJSON } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { WatchEvent } from '@paddock/proto/watch/v1/watch.ts';
import { invalidArgument } from '@paddock/runtime';
import { Command } from 'commander';
import { type ClientFlags, withClientOptions } from '../client-options.ts';
import { runWatchVerb } from '../follow.ts';
import { printJson, printTable } from '../output.ts';
import { withDhcp } from './client.ts';

const stateName = (s: LeaseState) => leaseStateToJSON(s).replace('LEASE_STATE_', '').toLowerCase();

function row(l: Lease): string[] {
  const expires = new Date(Number(l.expiresAtUnixMs)).toISOString().replace('.000Z', 'Z');
  return [l.address, l.mac || l.clientId, l.hostname, stateName(l.state), expires, l.subnetId];
}
const HEAD = ['ADDRESS', 'CLIENT', 'HOSTNAME', 'STATE', 'EXPIRES', 'SUBNET'];

/** `paddock dhcp leases ...`: list, show, revoke and watch leases. */
export function leasesCommand(): Command {
  const cmd = new Command('leases').description('list, show, revoke and watch leases');
  cmd.addCommand(
    withClientOptions(new Command('list').description('list leases (every page)'))
      .option('--subnet <id>', 'only this subnet')
      .option('--state <state>', 'bound, released, expired or declined')
      .option('--query <text>', 'substring of address, MAC, client id or hostname')
      .action((f: ClientFlags & { subnet?: string; state?: string; query?: string }) =>
        withDhcp(f, async (c) => {
          const state = f.state
            ? leaseStateFromJSON(`LEASE_STATE_${f.state.toUpperCase()}`)
            : LeaseState.LEASE_STATE_UNSPECIFIED;
          if (state === LeaseState.UNRECOGNIZED)
            throw invalidArgument(`--state ${f.state}: use bound, released, expired or declined`);
          const all: Lease[] = [];
          let pageToken = '';
          do {
            const page = await c.listLeases({
              pageSize: 1000,
              pageToken,
              subnetId: f.subnet ?? '',
              state,
              query: f.query ?? '',
            });
            all.push(...page.leases);
            pageToken = page.nextPageToken;
          } while (pageToken);
          if (f.json) return printJson(all.map((l) => Lease.toJSON(l)));
          printTable(HEAD, all.map(row));
        }),
      ),
    { isDefault: true },
  );
  cmd.addCommand(
    withClientOptions(new Command('get').description('show one lease').argument('<address>')).action(
      (address: string, f: ClientFlags) =>
        withDhcp(f, async (c) => {
          const { lease } = await c.getLease({ address });
          if (f.json) return printJson(lease && Lease.toJSON(lease));
          if (lease) printTable(HEAD, [row(lease)]);
        }),
    ),
  );
  cmd.addCommand(
    withClientOptions(
      new Command('release').description('revoke a lease: the client is refused when it renews').argument('<address>'),
    ).action((address: string, f: ClientFlags) =>
      withDhcp(f, async (c) => {
        const { lease } = await c.releaseLease({ address });
        if (f.json) return printJson(lease && Lease.toJSON(lease));
        process.stdout.write(`released ${address}\n`);
      }),
    ),
  );
  cmd.addCommand(
    withClientOptions(new Command('watch').description('print leases, then every change (Ctrl-C to stop)'))
      .option('--from-revision <n>', 'start after this revision instead of with every lease', '0')
      .action((f: ClientFlags & { fromRevision: string }) =>
        withDhcp(f, (c) =>
          runWatchVerb({
            open: (fromRevision, signal) => c.watchLeases({ watch: { fromRevision } }, { signal }),
            from: BigInt(f.fromRevision),
            follow: true,
            markers: !f.json,
            print: (e) => {
              if (f.json)
                printJson({ watch: e.watch && WatchEvent.toJSON(e.watch), lease: e.lease && Lease.toJSON(e.lease) });
              else if (e.lease) process.stdout.write(`${e.watch?.revision}  ${row(e.lease).join('  ')}\n`);
            },
          }),
        ),
      ),
  );
  return cmd;
}
