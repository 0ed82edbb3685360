/** `paddock scanner nodes [--watch]`: the machines seen on the LAN, with vendor and open ports. */
import {
  type Node,
  NodeEvent,
  NodeEventKind,
  Node as NodeMsg,
  nodeEventKindToJSON,
} from '@paddock/proto/scanner/v1/scanner.ts';
import { Command } from 'commander';
import { type ClientFlags, withClientOptions } from '../client-options.ts';
import { runWatchVerb } from '../follow.ts';
import { printJson, printTable } from '../output.ts';
import { ago, withScanner } from './scanner-client.ts';

export function vendorOf(n: Node): string {
  return n.vendor?.organization || n.vendor?.note || '';
}

export function portsOf(n: Node): string {
  return n.openPorts
    .map((p) => `${p.port}/${p.protocol === 2 ? 'udp' : 'tcp'}${p.service ? `(${p.service})` : ''}`)
    .join(' ');
}

function row(n: Node): string[] {
  const state = n.conflict ? 'CONFLICT' : n.online ? 'online' : 'offline';
  return [n.ips.join(',') || '-', n.mac, state, vendorOf(n), ago(n.lastSeenUnixMs), portsOf(n)];
}

const HEADERS = ['IP', 'MAC', 'STATE', 'VENDOR', 'LAST SEEN', 'OPEN PORTS'];

export function nodesCommand(): Command {
  return withClientOptions(
    new Command('nodes')
      .description('list the machines seen on the LAN (--watch: then print each change as it happens)')
      .option('--watch', 'keep printing changes until interrupted'),
  ).action(async (flags: ClientFlags & { watch?: boolean }) =>
    withScanner(flags, async (client) => {
      if (!flags.watch) {
        const { nodes } = await client.listNodes({});
        if (flags.json) return printJson(nodes.map((n) => NodeMsg.toJSON(n)));
        return printTable(HEADERS, nodes.map(row));
      }
      await runWatchVerb({
        open: (fromRevision, signal) => client.watchNodes({ watch: { fromRevision } }, { signal }),
        from: 0n,
        follow: true,
        markers: !flags.json,
        print: ({ event }) => {
          if (!event) return;
          if (flags.json) return printJson(NodeEvent.toJSON(event));
          if (!event.node) return;
          const kind =
            event.kind === NodeEventKind.NODE_EVENT_KIND_UNSPECIFIED
              ? 'seen'
              : nodeEventKindToJSON(event.kind).replace('NODE_EVENT_KIND_', '').toLowerCase();
          const extra =
            event.kind === NodeEventKind.NODE_EVENT_KIND_CONFLICT
              ? ` ${event.conflictIp} also claimed by ${event.otherMac}`
              : '';
          process.stdout.write(`${kind.padEnd(12)} ${row(event.node).slice(0, 4).join('  ')}${extra}\n`);
        },
      });
    }),
  );
}
