import { Link, Member, Path } from '@paddock/proto/overlay/v1/overlay.ts';
import { Command } from 'commander';
import { type ClientFlags, withClientOptions } from '../client-options.ts';
import { printJson, printTable } from '../output.ts';
import { withOverlay } from './client.ts';

type NetFlags = ClientFlags & { network?: string };
const ms = (us: number) => `${(us / 1000).toFixed(1)} ms`;

/** `paddock overlay members|join|leave|links|graph`. */
export function memberCommands(): Command[] {
  const members = withClientOptions(new Command('members').description('list the members of the networks'))
    .option('--network <name>', 'only this network')
    .action((f: NetFlags) =>
      withOverlay(f, async (c) => {
        const { members } = await c.listMembers({ network: f.network ?? '' });
        if (f.json) return printJson(members.map((m) => Member.toJSON(m)));
        printTable(
          ['NETWORK', 'NAME', 'ADDRESS', 'TUNNEL', 'ENDPOINT', 'PUBLIC-ENDPOINT', 'BY', 'KEY'],
          members.map((m) => [
            m.network,
            m.name,
            m.address,
            m.tunnelAddress,
            m.endpoint,
            m.publicEndpoint || '-',
            m.registeredBy,
            m.publicKey,
          ]),
        );
      }),
    );

  const join = withClientOptions(
    new Command('join')
      .description("register a node's WireGuard public key in a network (as an admin)")
      .argument('<network>'),
  )
    .requiredOption('--node <name>', 'the node (a node joins itself: `paddock overlay agent --server`)')
    .requiredOption('--public-key <key>', 'its WireGuard public key (wg pubkey)')
    .requiredOption('--endpoint <ip[:port]>', 'where its WireGuard is reached on the underlay')
    .option('--address <cidr>', 'overlay address (default: the lowest free)')
    .option('--tunnel-address <cidr>', 'tunnel address (default: the lowest free)')
    .action(
      (
        network: string,
        f: ClientFlags & {
          node: string;
          publicKey: string;
          endpoint: string;
          address?: string;
          tunnelAddress?: string;
        },
      ) =>
        withOverlay(f, async (c) => {
          const { member } = await c.join({
            network,
            node: f.node,
            publicKey: f.publicKey,
            endpoint: f.endpoint,
            address: f.address ?? '',
            tunnelAddress: f.tunnelAddress ?? '',
          });
          if (f.json) return printJson(member && Member.toJSON(member));
          process.stdout.write(
            `${member?.name} joined ${network} as ${member?.address} (tunnel ${member?.tunnelAddress})\n`,
          );
        }),
    );

  const leave = withClientOptions(
    new Command('leave').description('remove a member from a network').argument('<network>'),
  )
    .requiredOption('--node <name>', 'the member to remove')
    .action((network: string, f: ClientFlags & { node: string }) =>
      withOverlay(f, async (c) => {
        await c.leave({ network, node: f.node });
        if (f.json) return printJson({ network, left: f.node });
        process.stdout.write(`${f.node} left ${network}\n`);
      }),
    );

  const links = withClientOptions(new Command('links').description('the direct paths as the agents measure them'))
    .option('--network <name>', 'only this network')
    .action((f: NetFlags) =>
      withOverlay(f, async (c) => {
        const { links } = await c.listLinks({ network: f.network ?? '' });
        if (f.json) return printJson(links.map((l) => Link.toJSON(l)));
        printTable(
          ['NETWORK', 'FROM', 'TO', 'STATE', 'RTT', 'LOSS', 'SEEN-AT'],
          links.map((l) => [
            l.network,
            l.from,
            l.to,
            l.up ? 'up' : 'down',
            l.up ? ms(l.latencyUs) : '-',
            `${l.lossPercent}%`,
            l.seenEndpoint || '-',
          ]),
        );
      }),
    );

  const graph = withClientOptions(
    new Command('graph').description('every pair and its path: direct, through a relay, or none'),
  )
    .option('--network <name>', 'only this network')
    .action((f: NetFlags) =>
      withOverlay(f, async (c) => {
        const g = await c.getGraph({ network: f.network ?? '' });
        if (f.json)
          return printJson({
            revision: g.revision.toString(),
            members: g.members.map((m) => Member.toJSON(m)),
            links: g.links.map((l) => Link.toJSON(l)),
            paths: g.paths.map((p) => Path.toJSON(p)),
          });
        printTable(
          ['NETWORK', 'PAIR', 'PATH', 'RTT'],
          g.paths.map((p) => [
            p.network,
            `${p.a} <-> ${p.b}`,
            !p.reachable ? 'unreachable' : p.via ? `via ${p.via} (ports ${p.portA}/${p.portB})` : 'direct',
            p.reachable && p.costUs ? ms(p.costUs) : '-',
          ]),
        );
      }),
    );
  return [members, join, leave, links, graph];
}
