import {
  Hardware,
  LifecycleState,
  lifecycleStateFromJSON,
  Node,
  NodeEventKind,
  nodeEventKindToJSON,
} from '@paddock/proto/inventory/v1/inventory.ts';
import { failedPrecondition, invalidArgument } from '@paddock/runtime';
import { hardwareFields } from '@paddock/wire';
import { Command } from 'commander';
import { type ClientFlags, withClientOptions } from '../client-options.ts';
import { runWatchVerb } from '../follow.ts';
import { printFields, printJson, printTable } from '../output.ts';
import { withInventory } from './client.ts';
import { historyLines, NODE_COLUMNS, nodeFields, nodeRow, stateName } from './format.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** "k=v" pairs from repeated --label/--option flags. */
export function pairs(items: string[] = [], what = 'label'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw invalidArgument(`--${what} ${JSON.stringify(item)}: write key=value`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

function parseState(text: string): LifecycleState {
  const s = lifecycleStateFromJSON(`LIFECYCLE_STATE_${text.toUpperCase()}`);
  if (s === LifecycleState.UNRECOGNIZED || s === LifecycleState.LIFECYCLE_STATE_UNSPECIFIED)
    throw invalidArgument(`unknown state ${text}: discovered, booting, ready, off, failed, maintenance or retired`);
  return s;
}

function printNode(node: Node | undefined, flags: ClientFlags): void {
  if (!node) return;
  if (flags.json) {
    printJson(Node.toJSON(node));
    return;
  }
  printFields(nodeFields(node));
  process.stdout.write(`history:\n${historyLines(node).join('\n')}\n`);
}

type Flags = ClientFlags & Record<string, unknown>;

/** `paddock nodes …`: list, show, create, change, watch and delete nodes. */
export function nodesCommand(): Command {
  const cmd = new Command('nodes').description('the inventory: machines, their lifecycle and power');
  const sub = (name: string, description: string) => withClientOptions(cmd.command(name).description(description));

  sub('list', 'list nodes')
    .option(
      '-l, --selector <selector>',
      "label selector: rack=3,role!=db,gpu,!spare; hardware facts too: 'cpu.cores>=16,memory.gib>=64,nic.speed>=10000'",
    )
    .option('--state <state>', 'only nodes in this state; repeat for more', collect)
    .action((f: Flags & { selector?: string; state?: string[] }) =>
      withInventory(f, async (c) => {
        const states = (f.state ?? []).map(parseState);
        const { nodes } = await c.listNodes({ labelSelector: f.selector ?? '', states });
        if (f.json) return printJson(nodes.map((n) => Node.toJSON(n)));
        printTable(NODE_COLUMNS, nodes.map(nodeRow));
      }),
    );

  sub('get', 'show one node with its lifecycle history')
    .argument('<node>', 'id, name or MAC')
    .action((node: string, f: Flags) => withInventory(f, async (c) => printNode((await c.getNode({ node })).node, f)));

  sub('hardware', 'show what a node reported about its hardware (CPU, memory, disks, NICs, firmware)')
    .argument('<node>', 'id, name or MAC')
    .action((key: string, f: Flags) =>
      withInventory(f, async (c) => {
        const { node } = await c.getNode({ node: key });
        const h = node?.hardware;
        if (f.json) return printJson(h ? Hardware.toJSON(h) : null);
        if (!h)
          throw failedPrecondition(
            `node ${node?.name ?? key} has not reported its hardware yet (its node image reports it when it boots)`,
          );
        printFields(hardwareFields(h));
      }),
    );

  sub('create', 'add a node (a QEMU machine is made on this server)')
    .argument('[name]', 'name (default: from the MAC)')
    .option('--provider <name>', 'metal, qemu or bmc', 'metal')
    .option('--mac <mac>', "a NIC's MAC; repeat for more (qemu: optional)", collect)
    .option('--label <k=v>', 'a label; repeat for more', collect)
    .option(
      '--option <k=v>',
      'a provider option (qemu: memory_mb, cpus, firmware, bridge, netns; bmc: address, protocol=ipmi|redfish, username, password, cipher_suite, scheme, verify_tls, system, boot); repeat',
      collect,
    )
    .option('--boot-rule <name>', 'the boot rule meant for it')
    .option('--description <text>', 'free text')
    .action((name: string | undefined, f: Flags & Record<string, string | string[] | undefined>) =>
      withInventory(f, async (c) => {
        const { node } = await c.createNode({
          name: name ?? '',
          labels: pairs(f['label'] as string[]),
          macs: (f['mac'] as string[]) ?? [],
          provider: { name: f['provider'] as string, options: pairs(f['option'] as string[], 'option') },
          bootRule: (f['bootRule'] as string) ?? '',
          description: (f['description'] as string) ?? '',
          architecture: '',
          firmware: 0,
        });
        if (f.json) return printJson(node && Node.toJSON(node));
        process.stdout.write(`created ${node?.name} (${node?.nics.map((n) => n.mac).join(', ')})\n`);
      }),
    );

  sub('update', "change a node's name, labels, NICs or boot rule")
    .argument('<node>', 'id, name or MAC')
    .option('--name <name>', 'new name')
    .option('--label <k=v>', 'set a label; repeat', collect)
    .option('--unlabel <key>', 'remove a label; repeat', collect)
    .option('--add-mac <mac>', 'add a NIC; repeat', collect)
    .option('--remove-mac <mac>', 'remove a NIC; repeat', collect)
    .option('--boot-rule <name>', 'the boot rule meant for it ("" for none)')
    .option('--description <text>', 'free text')
    .action((node: string, f: Flags & Record<string, string | string[] | undefined>) =>
      withInventory(f, async (c) => {
        const res = await c.updateNode({
          node,
          expectedRevision: 0n,
          name: f['name'] as string | undefined,
          description: f['description'] as string | undefined,
          bootRule: f['bootRule'] as string | undefined,
          setLabels: pairs(f['label'] as string[]),
          removeLabels: (f['unlabel'] as string[]) ?? [],
          addMacs: (f['addMac'] as string[]) ?? [],
          removeMacs: (f['removeMac'] as string[]) ?? [],
          firmware: 0,
        });
        printNode(res.node, f);
      }),
    );

  sub('delete', 'remove a node (and the QEMU machine behind it)')
    .argument('<node>', 'id, name or MAC')
    .action((node: string, f: Flags) =>
      withInventory(f, async (c) => {
        await c.deleteNode({ node });
        if (!f.json) process.stdout.write(`deleted ${node}\n`);
        else printJson({ deleted: node });
      }),
    );

  for (const [verb, state, what] of [
    ['retire', LifecycleState.LIFECYCLE_STATE_RETIRED, 'retire a node for good (no more power actions)'],
    ['maintenance', LifecycleState.LIFECYCLE_STATE_MAINTENANCE, 'hold a node in maintenance (feeds stop moving it)'],
    ['release', LifecycleState.LIFECYCLE_STATE_DISCOVERED, 'take a node out of maintenance (or failed)'],
  ] as const) {
    sub(verb, what)
      .argument('<node>', 'id, name or MAC')
      .option('--reason <text>', 'why, kept in the history')
      .action((node: string, f: Flags & { reason?: string }) =>
        withInventory(f, async (c) =>
          printNode((await c.setLifecycle({ node, state, reason: f.reason ?? '' })).node, f),
        ),
      );
  }

  sub('watch', 'print every change to the nodes as it happens')
    .option('--from <revision>', 'resume after this revision', '0')
    .action((f: Flags & { from: string }) =>
      withInventory(f, (c) =>
        runWatchVerb({
          open: (fromRevision, signal) => c.watchNodes({ watch: { fromRevision } }, { signal }),
          from: BigInt(f.from),
          follow: true,
          markers: !f.json,
          print: (e) => {
            const revision = e.watch?.revision ?? 0n;
            if (f.json) {
              const node = e.node && Node.toJSON(e.node);
              return printJson({ kind: nodeEventKindToJSON(e.kind), revision: String(revision), node });
            }
            const kind = nodeEventKindToJSON(e.kind).replace('NODE_EVENT_KIND_', '').toLowerCase();
            const n = e.node;
            const what = n ? `${n.name} ${stateName(n.lifecycle?.state ?? 0)} ${nodeRow(n).slice(2, 5).join(' ')}` : '';
            const label = e.kind === NodeEventKind.NODE_EVENT_KIND_UNSPECIFIED ? 'snapshot' : kind;
            process.stdout.write(`${revision} ${label} ${what}\n`.replace(/ \n$/, '\n'));
          },
        }),
      ),
    );
  return cmd;
}
