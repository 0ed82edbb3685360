import { createHash } from 'node:crypto';
import { type BootServiceDefinition, FileAccess, IpxeMatch } from '@paddock/proto/boot/v1/boot.ts';
import { type InventoryServiceDefinition, type Node, PowerAction } from '@paddock/proto/inventory/v1/inventory.ts';
import { type Client, PaddockError } from '@paddock/runtime';
import { waitOnWatch } from '../follow.ts';
import { initramfs, kernel, LINUX_SCRIPT } from './machine-image.ts';

/**
 * The main job through Paddock's own APIs, shared by `paddock demo` and the golden-path test:
 * teach the boot service to boot Linux with a phone-home, make a QEMU machine in the
 * inventory, power it on, and follow it to ready.
 */
export const SCRIPT_NAME = 'linux-phone-home';
export const RULE_NAME = 'ipxe-linux';

/** Uploads the node image's kernel and initramfs (built with `imageParams`), stores the script, and routes every iPXE client to it. */
export async function prepareBoot(
  boot: Client<typeof BootServiceDefinition>,
  imageParams: Record<string, unknown> = {},
): Promise<void> {
  await uploadImage(boot, kernel(imageParams), initramfs(imageParams));
  await boot.putScript({ script: { name: SCRIPT_NAME, body: LINUX_SCRIPT, description: 'Linux that phones home' } });
  await boot.putRule({
    rule: {
      name: RULE_NAME,
      priority: 10,
      match: { macs: [], archs: [], ipxe: IpxeMatch.IPXE_MATCH_YES, labels: {} },
      action: { kind: { $case: 'script', value: SCRIPT_NAME } },
      description: 'iPXE boots Linux, which phones home',
    },
  });
}

/** Stores the kernel and initramfs the script boots (a benchmark swaps in another image this way). */
export async function uploadImage(
  boot: Client<typeof BootServiceDefinition>,
  kernelBytes: Uint8Array,
  initrdBytes: Uint8Array,
): Promise<void> {
  await boot.uploadFile(chunks('linux/vmlinuz', kernelBytes));
  await boot.uploadFile(chunks('linux/initrd.img', initrdBytes));
}

async function* chunks(name: string, data: Uint8Array) {
  const sha256 = createHash('sha256').update(data).digest('hex');
  yield {
    part: { $case: 'header' as const, value: { name, access: FileAccess.FILE_ACCESS_PUBLIC, nodeMac: '', sha256 } },
  };
  for (let at = 0; at < data.length; at += 256 * 1024)
    yield { part: { $case: 'chunk' as const, value: data.subarray(at, at + 256 * 1024) } };
}

type Inventory = Client<typeof InventoryServiceDefinition>;

/** A diskless QEMU machine in the inventory, on the server's default lab bridge. */
export async function createMachine(inv: Inventory, name: string, options: Record<string, string> = {}): Promise<Node> {
  const { node } = await inv.createNode({
    name,
    labels: { demo: 'true' },
    macs: [],
    provider: { name: 'qemu', options: { memory_mb: '512', cpus: '2', ...options } },
    bootRule: RULE_NAME,
    description: 'a diskless QEMU machine that network-boots',
    architecture: '',
    firmware: 0,
  });
  if (!node) throw new PaddockError('internal', 'CreateNode returned no node');
  return node;
}

export async function powerOn(inv: Inventory, node: Node): Promise<Node> {
  const { node: after } = await inv.powerNode({ node: node.id, action: PowerAction.POWER_ACTION_ON });
  return after ?? node;
}

/**
 * Follows WatchNodes from `from` until the node satisfies `done`, calling `onChange` with each
 * version of it (across reconnects, without repeats); fails after `timeoutMs`.
 */
export async function waitForNode(
  inv: Inventory,
  id: string,
  from: bigint,
  done: (n: Node) => boolean,
  timeoutMs: number,
  onChange: (n: Node) => void = () => {},
): Promise<Node> {
  let last: Node | undefined;
  return waitOnWatch({
    open: (fromRevision, signal) => inv.watchNodes({ watch: { fromRevision } }, { signal }),
    from,
    until: (e) => {
      if (e.node?.id !== id) return undefined;
      last = e.node;
      onChange(e.node);
      return done(e.node) ? e.node : undefined;
    },
    timeoutMs,
    missed: () => `node ${id} did not get there (last state ${last?.lifecycle?.state})`,
  });
}
