import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import {
  InventoryServiceDefinition,
  LifecycleState,
  NodeEventKind,
  PowerAction,
} from '@paddock/proto/inventory/v1/inventory.ts';
import { WatchEventKind as K } from '@paddock/proto/watch/v1/watch.ts';
import { type Client, createClient, type RunningServer, startServer } from '@paddock/runtime';
import { testServerConfig } from '@paddock/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVENTORY_DEFAULTS } from '../config.ts';
import { createInventory } from '../module.ts';
import { MemoryProvider } from '../power/memory-provider.ts';

describe('InventoryService over gRPC', () => {
  let dir: string;
  let server: RunningServer;
  let client: Client<typeof InventoryServiceDefinition>;
  const memory = new MemoryProvider('memory');

  const start = async () => {
    const handle = createInventory({ ...INVENTORY_DEFAULTS, feeds: false }, [memory]);
    server = await startServer({
      name: 'inventory-test',
      config: testServerConfig(dir),
      modules: [handle.factory],
    });
    client = createClient(InventoryServiceDefinition, server.grpcAddress, grpc.credentials.createInsecure());
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'inventory-grpc-'));
    await start();
  });
  afterAll(async () => {
    client?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: { code: number; details: string }) => `${status[e.code]}: ${e.details}`,
    );
  const create = (name: string, macs: string[] = [], labels: Record<string, string> = {}) =>
    client.createNode({
      name,
      labels,
      macs,
      provider: { name: 'memory', options: {} },
      bootRule: '',
      description: '',
      architecture: '',
      firmware: 0,
    });

  it('creates, lists by label and state, gets by name or MAC', async () => {
    const { node } = await create('web1', ['52:54:00:00:01:01'], { role: 'web' });
    await create('db1', ['52:54:00:00:01:02'], { role: 'db' });
    expect(node?.lifecycle?.state).toBe(LifecycleState.LIFECYCLE_STATE_DISCOVERED);
    const web = await client.listNodes({ labelSelector: 'role=web', states: [] });
    expect(web.nodes.map((n) => n.name)).toEqual(['web1']);
    const discovered = await client.listNodes({
      labelSelector: '',
      states: [LifecycleState.LIFECYCLE_STATE_DISCOVERED],
    });
    expect(discovered.nodes.map((n) => n.name)).toEqual(['db1', 'web1']);
    expect((await client.getNode({ node: '52:54:00:00:01:02' })).node?.name).toBe('db1');
  });

  it('answers bad input with clear gRPC errors', async () => {
    expect(await code(client.getNode({ node: 'nope' }))).toBe('NOT_FOUND: no node nope');
    expect(await code(create('web2', ['52:54:00:00:01:01']))).toBe(
      'ALREADY_EXISTS: MAC 52:54:00:00:01:01 is already on node web1',
    );
    expect(await code(create('web3', [], { 'bad key': '1' }))).toMatch(/^INVALID_ARGUMENT: label key "bad key"/);
    expect(await code(client.listNodes({ labelSelector: 'role==', states: [] }))).toBe('ok');
    expect(await code(client.listNodes({ labelSelector: ',', states: [] }))).toMatch(/^INVALID_ARGUMENT/);
    expect(await code(client.powerNode({ node: 'web1', action: PowerAction.POWER_ACTION_UNSPECIFIED }))).toBe(
      'INVALID_ARGUMENT: action must be ON, OFF, REBOOT or PXE',
    );
    expect(await code(client.powerNode({ node: 'web1', action: PowerAction.POWER_ACTION_PXE }))).toBe(
      'FAILED_PRECONDITION: node web1: the memory provider cannot choose the next boot device; power it on instead',
    );
    await client.setLifecycle({ node: 'db1', state: LifecycleState.LIFECYCLE_STATE_RETIRED, reason: 'old' });
    expect(await code(client.powerNode({ node: 'db1', action: PowerAction.POWER_ACTION_ON }))).toBe(
      'FAILED_PRECONDITION: node db1 is retired: power actions are refused',
    );
    const current = (await client.getNode({ node: 'web1' })).node!;
    expect(
      await code(
        client.updateNode({
          node: 'web1',
          expectedRevision: current.revision + 5n,
          setLabels: {},
          removeLabels: [],
          addMacs: [],
          removeMacs: [],
          firmware: 0,
        }),
      ),
    ).toMatch(/^ABORTED: node .* changed meanwhile/);
    expect((await client.listNodes({ labelSelector: '', states: [] })).nodes).toHaveLength(2);
  });

  it('powers a node and updates it by patch', async () => {
    const { node } = await client.powerNode({ node: 'web1', action: PowerAction.POWER_ACTION_ON });
    expect(node?.power).toMatchObject({ desired: 1, observed: 1 });
    const updated = await client.updateNode({
      node: 'web1',
      expectedRevision: node!.revision,
      setLabels: { tier: 'front' },
      removeLabels: ['role'],
      addMacs: [],
      removeMacs: [],
      bootRule: 'linux',
      firmware: 0,
    });
    expect(updated.node).toMatchObject({ labels: { tier: 'front' }, bootRule: 'linux' });
    const providers = await client.listProviders({});
    expect(providers.providers.map((p) => `${p.name}:${p.available}`)).toEqual([
      'bmc:true',
      'memory:true',
      'metal:true',
      expect.stringMatching(/^qemu:/),
    ]);
  });

  it('resumes a watch across a server restart without gaps or repeats', async () => {
    const stop = new AbortController();
    const seen: string[] = [];
    let last = 0n;
    for await (const e of client.watchNodes({ watch: { fromRevision: 0n } }, { signal: stop.signal })) {
      seen.push(String(e.watch?.kind));
      last = e.watch?.revision ?? 0n;
      if (e.watch?.kind === K.WATCH_EVENT_KIND_SYNCED) break;
    }
    stop.abort();
    expect(seen).toEqual([
      String(K.WATCH_EVENT_KIND_RESET),
      String(K.WATCH_EVENT_KIND_SNAPSHOT),
      String(K.WATCH_EVENT_KIND_SNAPSHOT),
      String(K.WATCH_EVENT_KIND_SYNCED),
    ]);
    client.close();
    await server.close();
    // While it is down nothing changes; after a restart (same data dir) two changes happen.
    await start();
    await create('app1');
    await client.deleteNode({ node: 'app1' });
    const after: string[] = [];
    const again = new AbortController();
    for await (const e of client.watchNodes({ watch: { fromRevision: last } }, { signal: again.signal })) {
      after.push(`${e.watch?.kind}:${e.kind}:${e.watch?.revision}:${e.node?.name ?? ''}`);
      if (e.watch?.kind === K.WATCH_EVENT_KIND_SYNCED) break;
    }
    again.abort();
    const change = K.WATCH_EVENT_KIND_CHANGE;
    expect(after).toEqual([
      `${change}:${NodeEventKind.NODE_EVENT_KIND_CREATED}:${last + 1n}:app1`,
      `${change}:${NodeEventKind.NODE_EVENT_KIND_DELETED}:${last + 2n}:app1`,
      `${K.WATCH_EVENT_KIND_SYNCED}:0:${last + 2n}:`,
    ]);
  });
});
