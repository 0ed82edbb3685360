import { BootServiceDefinition } from '@paddock/proto/boot/v1/boot.ts';
import { InventoryServiceDefinition, LifecycleState, type Node } from '@paddock/proto/inventory/v1/inventory.ts';
import { connect, createClient } from '@paddock/runtime';
import { stateName } from '../inventory/format.ts';
import { createMachine, powerOn, prepareBoot, waitForNode } from './machine-setup.ts';

/**
 * The demo's main job through the server's APIs: boot files and rule in place, a QEMU machine
 * made and powered on, and each lifecycle step said as it happens, until the machine is ready.
 */
export async function runMachine(dataDir: string, server: string, say: (line: string) => void): Promise<Node> {
  const c = connect({ dataDir, server });
  const boot = createClient(BootServiceDefinition, c.address, c.credentials, c.options);
  const inv = createClient(InventoryServiceDefinition, c.address, c.credentials, c.options);
  try {
    await prepareBoot(boot);
    const created = await createMachine(inv, 'demo-vm1');
    say(`created ${created.name} (QEMU, MAC ${created.nics[0]?.mac}); powering it on`);
    const on = await powerOn(inv, created);
    let last = '';
    return await waitForNode(
      inv,
      on.id,
      on.revision,
      (n) => n.lifecycle?.state === LifecycleState.LIFECYCLE_STATE_READY,
      // Under the end-to-end test's 240 s, so a stuck boot is reported with its log.
      150_000,
      (n) => {
        const entry = n.lifecycle?.history.at(-1);
        const line = entry ? `  ${n.name}: ${stateName(entry.state)} (${entry.source}: ${entry.reason})` : '';
        if (line && line !== last) say(line);
        last = line;
      },
    );
  } finally {
    boot.close();
    inv.close();
  }
}
