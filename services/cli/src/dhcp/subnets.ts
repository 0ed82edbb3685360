import { Subnet } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { Command } from 'commander';
import { type ClientFlags, withClientOptions } from '../client-options.ts';
import { printJson, printTable } from '../output.ts';
import { csv, withDhcp } from './client.ts';

interface SubnetFlags extends ClientFlags {
  cidr?: string;
  range?: string[];
  router?: string;
  dns?: string;
  domain?: string;
  leaseTime?: string;
  interface?: string;
  fromFile?: string;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

function withSubnetFlags(cmd: Command): Command {
  return withClientOptions(cmd)
    .option('--cidr <cidr>', 'the network, e.g. 10.0.0.0/24')
    .option('--range <first-last>', 'a pool; repeat for more (replaces the pools)', collect)
    .option('--router <ip>', 'default gateway (option 3)')
    .option('--dns <ip,...>', 'DNS servers (option 6)')
    .option('--domain <name>', 'domain name (option 15)')
    .option('--lease-time <seconds>', 'default lease time')
    .option('--interface <if>', 'serve clients attached to this interface')
    .option('--from-file <file>', 'the whole subnet as YAML or JSON (the config file form)');
}

/** Flags over a base subnet: only what was given changes. */
async function apply(base: Subnet, id: string, f: SubnetFlags): Promise<Subnet> {
  const s: Subnet = f.fromFile ? (await import('./subnet-file.ts')).readSubnetFile(f.fromFile) : base;
  s.id = id;
  if (f.cidr) s.cidr = f.cidr;
  if (f.range) s.pools = f.range.map((r) => ({ first: r.split('-')[0] ?? '', last: r.split('-')[1] ?? '' }));
  if (f.router) s.routers = [f.router];
  if (f.dns) s.dnsServers = csv(f.dns);
  if (f.domain) s.domainName = f.domain;
  if (f.interface) s.interface = f.interface;
  if (f.leaseTime)
    s.leaseTimes = { minSeconds: 0, maxSeconds: 0, ...s.leaseTimes, defaultSeconds: Number(f.leaseTime) };
  return s;
}

const rows = (list: Subnet[]) =>
  list.map((s) => [
    s.id,
    s.cidr,
    s.pools.map((p) => `${p.first}-${p.last}`).join(' '),
    s.routers.join(','),
    s.interface || '-',
  ]);
const HEAD = ['ID', 'CIDR', 'POOLS', 'ROUTERS', 'INTERFACE'];

/** `paddock dhcp subnets ...`: list, show, create, update and delete subnets, live. */
export function subnetsCommand(): Command {
  const cmd = new Command('subnets').description('list and change subnets (applied at once, persisted)');
  cmd.addCommand(
    withClientOptions(new Command('list').description('list subnets')).action((f: ClientFlags) =>
      withDhcp(f, async (c) => {
        const { subnets } = await c.listSubnets({});
        if (f.json) return printJson(subnets.map((s) => Subnet.toJSON(s)));
        printTable(HEAD, rows(subnets));
      }),
    ),
    { isDefault: true },
  );
  cmd.addCommand(
    withClientOptions(new Command('get').description('show a subnet in full (JSON)').argument('<id>')).action(
      (id: string, f: ClientFlags) =>
        withDhcp(f, async (c) => printJson(Subnet.toJSON((await c.getSubnet({ id })).subnet!))),
    ),
  );
  cmd.addCommand(
    withSubnetFlags(new Command('create').description('add a subnet').argument('<id>')).action(
      (id: string, f: SubnetFlags) =>
        withDhcp(f, async (c) => {
          const { subnet } = await c.createSubnet({ subnet: await apply(Subnet.fromJSON({}), id, f) });
          if (f.json) return printJson(subnet && Subnet.toJSON(subnet));
          printTable(HEAD, rows(subnet ? [subnet] : []));
        }),
    ),
  );
  cmd.addCommand(
    withSubnetFlags(
      new Command('update').description('change a subnet (flags given replace those fields)').argument('<id>'),
    ).action((id: string, f: SubnetFlags) =>
      withDhcp(f, async (c) => {
        const current = (await c.getSubnet({ id })).subnet!;
        const { subnet } = await c.updateSubnet({ subnet: await apply(current, id, f) });
        if (f.json) return printJson(subnet && Subnet.toJSON(subnet));
        printTable(HEAD, rows(subnet ? [subnet] : []));
      }),
    ),
  );
  cmd.addCommand(
    withClientOptions(new Command('delete').description('remove a subnet').argument('<id>')).action(
      (id: string, f: ClientFlags) =>
        withDhcp(f, async (c) => {
          await c.deleteSubnet({ id });
          if (!f.json) process.stdout.write(`deleted subnet ${id}\n`);
        }),
    ),
  );
  return cmd;
}
