import { join } from 'node:path';
import { bootConfigSchema, resolveBootSettings } from '@paddock/boot';
import { BootServiceDefinition } from '@paddock/proto/boot/v1/boot.ts';
import { InventoryServiceDefinition } from '@paddock/proto/inventory/v1/inventory.ts';
import { type Client, connect, createClient, type ModuleFactory, startServer } from '@paddock/runtime';

/**
 * For the tests of the boot rules following the inventory: servers on loopback port 0 in one
 * data dir, the rule "role=worker boots worker.efi", and the questions the tests ask.
 */
export const MAC = '52:54:00:aa:00:01';

export function bootSettings(dir: string) {
  return resolveBootSettings(bootConfigSchema.parse({ advertiseAddress: '127.0.0.1', ipxeDir: join(dir, 'no-ipxe') }));
}

export function serverIn(dir: string, name: string, modules: ModuleFactory[], insecure = true) {
  return startServer({
    name,
    config: {
      dataDir: dir,
      grpcListen: { host: '127.0.0.1', port: 0 },
      httpListen: { host: '127.0.0.1', port: 0 },
      insecure,
      hostname: 'test',
      logLevel: 'silent',
    },
    modules,
  });
}

export type BootClient = Client<typeof BootServiceDefinition>;
export type InventoryClient = Client<typeof InventoryServiceDefinition>;

export function clientsOf(dir: string, server: string, insecure = true) {
  const c = connect({ dataDir: dir, server, insecure });
  return {
    boot: createClient(BootServiceDefinition, c.address, c.credentials, c.options),
    inventory: createClient(InventoryServiceDefinition, c.address, c.credentials, c.options),
  };
}

export async function putWorkerRules(boot: BootClient): Promise<void> {
  const rule = (name: string, labels: Record<string, string>, action: { $case: 'file'; value: string }) =>
    boot.putRule({
      rule: {
        name,
        priority: 1,
        description: '',
        match: { macs: [], archs: [], ipxe: 0, labels },
        action: { kind: action },
      },
    });
  await rule('workers', { role: 'worker' }, { $case: 'file', value: 'worker.efi' });
  // Matches no machine by itself (a label nobody has): only a node's bootRule picks it.
  await rule('rescue', { never: 'set' }, { $case: 'file', value: 'rescue.kpxe' });
}

/** What the rules answer a BIOS PXE firmware with this MAC: the rule's name. */
export async function ruleFor(boot: BootClient, mac = MAC): Promise<string> {
  const r = await boot.previewBoot({ mac, arch: 0, userClass: '', vendorClass: 'PXEClient', ip: '' });
  return r.rule;
}

export function createMetalNode(inventory: InventoryClient, labels: Record<string, string> = {}) {
  return inventory.createNode({
    name: 'n1',
    labels,
    macs: [MAC],
    provider: { name: 'metal', options: {} },
    bootRule: '',
    description: '',
    architecture: '',
    firmware: 0,
  });
}

/** UpdateNode on n1 with only the fields given. */
export function updateN1(
  inventory: InventoryClient,
  patch: { setLabels?: Record<string, string>; removeLabels?: string[]; bootRule?: string },
) {
  return inventory.updateNode({
    node: 'n1',
    expectedRevision: 0n,
    setLabels: {},
    removeLabels: [],
    addMacs: [],
    removeMacs: [],
    firmware: 0,
    ...patch,
  });
}
