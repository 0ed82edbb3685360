import { Network } from '@paddock/proto/overlay/v1/overlay.ts';
import { invalidArgument } from '@paddock/runtime';
import { Command } from 'commander';
import { type ClientFlags, withClientOptions } from '../client-options.ts';
import { printJson, printTable } from '../output.ts';
import { withOverlay } from './client.ts';

const HEAD = ['NAME', 'SUBNET', 'TRANSIT', 'VNI', 'PORT', 'UNDERLAY-MTU'];
const row = (n: Network) => [n.name, n.subnet, n.transit, String(n.vni), String(n.listenPort), String(n.underlayMtu)];

const int = (flag: string, v: string | undefined): number => {
  if (v === undefined) return 0;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw invalidArgument(`${flag} ${v}: not a whole number`);
  return n;
};

/** `paddock overlay networks`: list, create and delete overlay networks. */
export function networksCommand(): Command {
  const cmd = new Command('networks').description('list, create and delete overlay networks');
  cmd.addCommand(
    withClientOptions(new Command('list').description('list networks')).action((f: ClientFlags) =>
      withOverlay(f, async (c) => {
        const { networks } = await c.listNetworks({});
        if (f.json) return printJson(networks.map((n) => Network.toJSON(n)));
        printTable(HEAD, networks.map(row));
      }),
    ),
    { isDefault: true },
  );
  cmd.addCommand(
    withClientOptions(new Command('create').description('create a network').argument('<name>'))
      .requiredOption('--subnet <cidr>', 'the layer-2 overlay subnet, e.g. 10.99.0.0/24')
      .requiredOption('--transit <cidr>', 'the WireGuard tunnel subnet, e.g. 10.98.0.0/24')
      .requiredOption('--vni <n>', 'VXLAN network identifier (1-16777215)')
      .option('--port <n>', 'UDP port of every member (default 51820)')
      .option('--underlay-mtu <n>', 'MTU of the underlay (default 1500)')
      .action(
        (
          name: string,
          f: ClientFlags & { subnet: string; transit: string; vni: string; port?: string; underlayMtu?: string },
        ) =>
          withOverlay(f, async (c) => {
            const { network } = await c.createNetwork({
              network: {
                name,
                subnet: f.subnet,
                transit: f.transit,
                vni: int('--vni', f.vni),
                listenPort: int('--port', f.port),
                underlayMtu: int('--underlay-mtu', f.underlayMtu),
                createdAtUnixMs: 0n,
              },
            });
            if (f.json) return printJson(network && Network.toJSON(network));
            if (network) printTable(HEAD, [row(network)]);
          }),
      ),
  );
  cmd.addCommand(
    withClientOptions(
      new Command('delete').description('delete a network and all its members').argument('<name>'),
    ).action((name: string, f: ClientFlags) =>
      withOverlay(f, async (c) => {
        await c.deleteNetwork({ name });
        if (f.json) return printJson({ deleted: name });
        process.stdout.write(`deleted network ${name}\n`);
      }),
    ),
  );
  return cmd;
}
