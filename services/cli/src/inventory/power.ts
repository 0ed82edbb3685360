import { LifecycleState, Node, PowerAction, PowerState } from '@paddock/proto/inventory/v1/inventory.ts';
import { Command } from 'commander';
import { type ClientFlags, withClientOptions } from '../client-options.ts';
import { waitOnWatch } from '../follow.ts';
import { printFields, printJson } from '../output.ts';
import { withInventory } from './client.ts';
import { powerName, stateName } from './format.ts';

const ACTIONS = {
  on: PowerAction.POWER_ACTION_ON,
  off: PowerAction.POWER_ACTION_OFF,
  reboot: PowerAction.POWER_ACTION_REBOOT,
  cycle: PowerAction.POWER_ACTION_REBOOT,
  pxe: PowerAction.POWER_ACTION_PXE,
};
const WHAT: Record<string, string> = {
  on: 'power a node on',
  off: 'power a node off',
  reboot: 'power cycle a node',
  cycle: 'power cycle a node (same as reboot)',
  pxe: 'boot a node from the network once: power it on, or cycle it when on (bmc provider)',
};

/** `paddock power on|off|reboot|cycle|pxe NODE`, optionally waiting until it is ready (or off). */
export function powerCommand(): Command {
  const cmd = new Command('power').description('power a node on or off, or reboot it, through its provider');
  for (const [verb, action] of Object.entries(ACTIONS)) {
    withClientOptions(cmd.command(verb).description(WHAT[verb] ?? verb))
      .argument('<node>', 'id, name or MAC')
      .option(
        '--wait <seconds>',
        verb === 'off' ? 'wait until it is observed off' : 'wait until it is ready (phoned home)',
      )
      .action((node: string, f: ClientFlags & { wait?: string }) =>
        withInventory(f, async (c) => {
          let n = (await c.powerNode({ node, action })).node;
          if (f.wait && n) n = await waitFor(c, n, verb === 'off', Number(f.wait) * 1000);
          if (f.json) return printJson(n && Node.toJSON(n));
          printFields([
            ['node', n?.name ?? node],
            ['power', `observed ${powerName(n?.power?.observed)}, desired ${powerName(n?.power?.desired)}`],
            ['state', stateName(n?.lifecycle?.state ?? 0)],
          ]);
        }),
      );
  }
  return cmd;
}

async function waitFor(
  c: Parameters<Parameters<typeof withInventory>[1]>[0],
  start: Node,
  off: boolean,
  ms: number,
): Promise<Node> {
  const done = (n: Node) =>
    off
      ? n.power?.observed === PowerState.POWER_STATE_OFF
      : n.lifecycle?.state === LifecycleState.LIFECYCLE_STATE_READY && n.revision > start.revision;
  // Powering off through QEMU is seen at once: the answer may already say so.
  if (off && done(start)) return start;
  return waitOnWatch({
    open: (fromRevision, signal) => c.watchNodes({ watch: { fromRevision } }, { signal }),
    from: start.revision,
    until: (e) => (e.node?.id === start.id && done(e.node) ? e.node : undefined),
    timeoutMs: ms,
    missed: () => `node ${start.name} was not ${off ? 'off' : 'ready'}`,
  });
}
