import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileStep, type StepSet, shellStep, type Target } from '@paddock/deployers';
import { createInventory, type InventoryHandle, inventoryConfigSchema } from '@paddock/inventory';
import { labSkipReason } from '@paddock/lab';
import {
  type Deployment,
  DeploymentState,
  DeployServiceDefinition,
  HostState,
  type WatchDeploymentsResponse,
} from '@paddock/proto/deploy/v1/deploy.ts';
import { Firmware, InventoryServiceDefinition } from '@paddock/proto/inventory/v1/inventory.ts';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import type { Client } from '@paddock/runtime';
import { startTestServer, type TestServer } from '@paddock/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshLab } from '../../core/test/ssh-lab.ts';
import { createDeploy } from '../src/module.ts';
import { STEP_SETS } from '../src/request/step-sets.ts';

const skip = labSkipReason();

/** Per host: a file naming it, a step that takes a moment (`pause` seconds), a marker. */
const demo =
  (name: string, pause: number) =>
  async (targets: Target[]): Promise<StepSet> => ({
    name,
    stages: [
      {
        name: 'files',
        hosts: targets,
        steps: (t) => [
          fileStep({ id: 'name', path: `/etc/paddock/${name}`, content: `${t.name}\n` }),
          shellStep({
            id: 'pause',
            title: `wait ${pause} s`,
            check: `test -e /var/lib/paddock/${name}-paused`,
            apply: `sleep ${pause} && touch /var/lib/paddock/${name}-paused`,
          }),
        ],
      },
    ],
  });

type C = Client<typeof DeployServiceDefinition>;
const isRunning = (d?: Deployment) => d?.state === DeploymentState.DEPLOYMENT_STATE_RUNNING;

/** Reads a WatchDeployments stream until `stop` says so; returns every message. */
async function read(c: C, from: bigint, stop: (m: WatchDeploymentsResponse) => boolean) {
  const ac = new AbortController();
  const got: WatchDeploymentsResponse[] = [];
  try {
    for await (const m of c.watchDeployments({ watch: { fromRevision: from } }, { signal: ac.signal })) {
      got.push(m);
      if (stop(m)) break;
    }
  } finally {
    ac.abort();
  }
  return got;
}

describe.skipIf(skip)('the DeployService runs deployments on lab hosts that run Debian sshd', () => {
  let l: SshLab;
  let dir: string;
  let server: TestServer;
  let c: C;
  let inventory: InventoryHandle;
  const targets = () => l.targets().map((t) => ({ ...t, port: 0, user: '' }));
  const start = (set: string, plan = false) => c.startDeployment({ set, targets: targets(), plan, selector: '' });

  /** A server on the data dir (again, after a restart). */
  const serve = async () => {
    const deploy = createDeploy({
      authority: async () => ({ ...l.authority, ...l.certAuthority() }),
      sshCommand: l.ctl.wrap(['ssh']),
      sets: { ...STEP_SETS, demo: demo('demo', 1), slow: demo('slow', 60), picked: demo('picked', 0) },
    });
    // Selectors are resolved by the inventory of the same data dir, found through its run file.
    inventory = createInventory(inventoryConfigSchema.parse({ feeds: false }));
    server = await startTestServer({ dataDir: dir, modules: [deploy.factory, inventory.factory] });
    c = server.client(DeployServiceDefinition);
  };

  beforeAll(async () => {
    l = await SshLab.create('deploy-svc', ['a', 'b'], '10.79.0');
    dir = mkdtempSync(join(tmpdir(), 'deploy-svc-'));
    await serve();
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await l?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('plans the overlay over SSH without changing or recording anything', async () => {
    const { plan, deployment } = await start('overlay', true);
    expect(deployment).toBeUndefined();
    expect(plan?.lines[0]).toMatch(/^plan for overlay-paddock: \d+ change\(s\)/);
    expect(plan?.hosts.filter((h) => h.stage === 'overlay-keys').map((h) => [h.host, h.error])).toEqual([
      ['a', ''],
      ['b', ''],
    ]);
    expect(plan?.changes).toBeGreaterThan(0);
    expect(plan?.hosts[0]?.steps.find((s) => s.id === 'wireguard-key')).toMatchObject({ check: 'change' });
    expect((await c.listDeployments({})).deployments).toEqual([]);
    expect(l.file('a', '/etc/paddock/overlay/paddock/wireguard.key')).toBeUndefined();
  });

  it('follows a deployment by Watch across a disconnect, losing and repeating nothing, to the end', async () => {
    const { deployment } = await start('demo');
    const id = deployment!.id;
    // First connection: the snapshot, then changes until a host is inside its slow step.
    const first = await read(c, 0n, (m) => m.event?.status === 'applying' && m.event.step === 'pause');
    expect(first[0]?.watch?.kind).toBe(WatchEventKind.WATCH_EVENT_KIND_RESET);
    const last = first.at(-1)!.watch!.revision;
    // Disconnected for a while: the run goes on without any client.
    await new Promise((r) => setTimeout(r, 1500));
    const second = await read(c, last, (m) => m.deployment?.id === id && !isRunning(m.deployment));
    expect(second[0]?.watch?.kind).toBe(WatchEventKind.WATCH_EVENT_KIND_CHANGE);
    const changes = [...first, ...second].filter((m) => m.watch?.kind === WatchEventKind.WATCH_EVENT_KIND_CHANGE);
    const revisions = changes.map((m) => Number(m.watch!.revision));
    // One revision per change, each once, none skipped, over both connections.
    expect(revisions).toEqual(revisions.map((_, i) => revisions[0]! + i));
    const events = changes.map((m) => m.event).filter((e) => e !== undefined);
    // (its first stage event may precede the first connection's snapshot)
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['step', 'host', 'done']));
    expect(
      events
        .filter((e) => e.kind === 'step' && e.status === 'changed')
        .map((e) => `${e.host}/${e.step}`)
        .sort(),
    ).toEqual(['a/name', 'a/pause', 'b/name', 'b/pause']);
    expect(events.at(-1)).toMatchObject({ kind: 'done', ok: true, changed: 4 });
    const end = second.at(-1)!.deployment!;
    expect(end).toMatchObject({ state: DeploymentState.DEPLOYMENT_STATE_SUCCEEDED, changed: 4 });
    expect(end.hosts.map((h) => [h.name, h.state, h.stepsDone, h.stepTotal])).toEqual([
      ['a', HostState.HOST_STATE_OK, 2, 2],
      ['b', HostState.HOST_STATE_OK, 2, 2],
    ]);
    expect(l.file('b', '/etc/paddock/demo')).toBe('b\n');
    const got = (await c.getDeployment({ id, logLines: 5 })).deployment!;
    expect(got.hosts[0]?.steps.map((s) => [s.id, s.status])).toEqual([
      ['name', 'changed'],
      ['pause', 'changed'],
    ]);
    expect(got.hosts[0]?.logTail.join('\n')).toMatch(/\[files\] pause: changed/);
  });

  it('cancels a running deployment; a second one of the same set is refused meanwhile', async () => {
    const { deployment } = await start('slow');
    const id = deployment!.id;
    // Both hosts inside their 60 s step.
    const pausing = new Set<string>();
    await read(c, 0n, (m) => {
      if (m.deployment?.id === id && m.event?.step === 'pause' && m.event.status === 'applying')
        pausing.add(m.event.host);
      return pausing.size === 2;
    });
    await expect(start('slow')).rejects.toThrow(new RegExp(`deployment ${id} of slow is still running`));
    const t0 = Date.now();
    const { deployment: cancelled } = await c.cancelDeployment({ id });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(cancelled).toMatchObject({ state: DeploymentState.DEPLOYMENT_STATE_CANCELLED });
    expect(cancelled?.error).toMatch(/^interrupted/);
    expect(cancelled?.hosts.map((h) => [h.state, h.step])).toEqual([
      [HostState.HOST_STATE_FAILED, 'pause'],
      [HostState.HOST_STATE_FAILED, 'pause'],
    ]);
    expect(l.file('a', '/var/lib/paddock/slow-paused')).toBeUndefined();
    const listed = (await c.listDeployments({})).deployments.map((d) => [d.set, d.state]);
    expect(listed).toEqual([
      ['demo', DeploymentState.DEPLOYMENT_STATE_SUCCEEDED],
      ['slow', DeploymentState.DEPLOYMENT_STATE_CANCELLED],
    ]);
  });

  it('deploys to exactly the ready inventory nodes a label selector matches', async () => {
    const inv = server.client(InventoryServiceDefinition);
    const core = inventory.inventory()!;
    for (const [name, role, mac] of [
      ['a', 'worker', '52:54:00:00:00:0a'],
      ['b', 'db', '52:54:00:00:00:0b'],
    ] as const) {
      await inv.createNode({
        name,
        labels: { role },
        macs: [mac],
        provider: { name: 'metal', options: {} },
        bootRule: '',
        description: '',
        architecture: '',
        firmware: Firmware.FIRMWARE_UNSPECIFIED,
      });
      // As the feeds and the keys service leave a node Paddock booted: phoned home from its address, enrolled.
      const at = Date.now();
      core.mutate(name, (n) => ({
        ...n,
        addresses: [{ ip: l.get(name).address, mac, source: 'boot', updatedAt: at, expiresAt: 0 }],
      }));
      core.recordEnrolment(name, { at, ok: true, reason: 'enrolled' });
    }
    const { deployment } = await c.startDeployment({
      set: 'picked',
      targets: [],
      selector: 'role=worker',
      plan: false,
    });
    expect(deployment?.hosts.map((h) => [h.name, h.address])).toEqual([['a', l.get('a').address]]);
    await read(c, 0n, (m) => m.deployment?.id === deployment?.id && !isRunning(m.deployment));
    expect((await c.getDeployment({ id: deployment!.id, logLines: 0 })).deployment?.state).toBe(
      DeploymentState.DEPLOYMENT_STATE_SUCCEEDED,
    );
    expect(l.file('a', '/etc/paddock/picked')).toBe('a\n');
    expect(l.file('b', '/etc/paddock/picked')).toBeUndefined();
    await expect(c.startDeployment({ set: 'picked', targets: [], selector: 'role=gpu', plan: false })).rejects.toThrow(
      /selector role=gpu: no ready node matches/,
    );
  });

  it('runs one crowning pass: its decision and reasons on the deployment, nothing done without etcd', async () => {
    const { deployment } = await start('crown');
    expect(deployment?.decision).toMatch(/^refused: no etcd member answered/);
    const end = await read(c, 0n, (m) => m.deployment?.id === deployment?.id && !isRunning(m.deployment));
    expect(end.at(-1)?.deployment).toMatchObject({ state: DeploymentState.DEPLOYMENT_STATE_SUCCEEDED, changed: 0 });
  });

  it('a restarted server lists every deployment with its hosts and logs; the one it stopped under is interrupted; Watch resumes', async () => {
    const { deployment } = await start('slow');
    const id = deployment!.id;
    const pausing = new Set<string>();
    const before = await read(c, 0n, (m) => {
      if (m.deployment?.id === id && m.event?.step === 'pause' && m.event.status === 'applying')
        pausing.add(m.event.host);
      return pausing.size === 2;
    });
    const listed = (await c.listDeployments({})).deployments.map((d) => [d.id, d.set, d.hosts.length]);
    await server.close();
    await serve();
    const after = (await c.listDeployments({})).deployments;
    expect(after.map((d) => [d.id, d.set, d.hosts.length])).toEqual(listed);
    expect(after.map((d) => d.state)).toEqual([
      DeploymentState.DEPLOYMENT_STATE_SUCCEEDED,
      DeploymentState.DEPLOYMENT_STATE_CANCELLED,
      DeploymentState.DEPLOYMENT_STATE_SUCCEEDED,
      DeploymentState.DEPLOYMENT_STATE_SUCCEEDED,
      DeploymentState.DEPLOYMENT_STATE_INTERRUPTED,
    ]);
    const stopped = (await c.getDeployment({ id, logLines: 50 })).deployment!;
    expect(stopped.error).toMatch(/^interrupted: the server stopped while it ran; the next run of slow resumes/);
    expect(stopped.hosts.map((h) => [h.name, h.state, h.step])).toEqual([
      ['a', HostState.HOST_STATE_FAILED, 'pause'],
      ['b', HostState.HOST_STATE_FAILED, 'pause'],
    ]);
    expect(stopped.hosts[0]?.logTail.join('\n')).toMatch(/\[files\] name: changed/);
    // The first deployment keeps the log lines of its own run, not the ones written since.
    const demoRun = (await c.getDeployment({ id: after[0]!.id, logLines: 5 })).deployment!;
    expect(demoRun.hosts[0]?.logTail.join('\n')).toMatch(/\[files\] pause: changed/);
    // A client resuming from the last revision it saw gets every deployment afresh, then follows.
    const last = before.at(-1)!.watch!.revision;
    const resumed = await read(c, last, (m) => m.watch?.kind === WatchEventKind.WATCH_EVENT_KIND_SYNCED);
    expect(resumed[0]?.watch?.kind).toBe(WatchEventKind.WATCH_EVENT_KIND_RESET);
    expect(resumed.filter((m) => m.deployment).map((m) => m.deployment!.id)).toEqual(after.map((d) => d.id));
    expect(resumed.at(-1)!.watch!.revision).toBeGreaterThan(last);
    // The next run of the set resumes at each host's interrupted step.
    const { plan } = await start('slow', true);
    expect(plan?.hosts.map((h) => [h.host, h.resumeStep])).toEqual([
      ['a', 'pause'],
      ['b', 'pause'],
    ]);
  });

  it("paddock up's crowning controller: passes only while it holds the role, each decision a deployment in the Watch, acting after its record", async () => {
    // A crowning pass that decides in turn what `turns` says (etcd and the real policy are the crown lab test's).
    const turns = ['steady: 3 of 3 members healthy', 'steady: 3 of 3 members healthy', 'crown: b', 'steady: 3 of 3'];
    let pass = 0;
    const crown = async (targets: Target[]) => {
      const decision = turns[Math.min(pass++, turns.length - 1)]!;
      const set = await demo('crowned', 0)(targets.filter((t) => t.name === 'b'));
      return { ...set, stages: decision.startsWith('crown') ? set.stages : [], decision };
    };
    let held = false;
    const recorded: string[] = [];
    const deploy = createDeploy({
      authority: async () => ({ ...l.authority, ...l.certAuthority() }),
      sshCommand: l.ctl.wrap(['ssh']),
      sets: { crown },
      resolveSelector: async () => l.targets(),
      crown: {
        config: { crown: 'role=k3s', crownCluster: 'c1', crownMasters: 3, crownGrace: 30, crownInterval: 1 },
        gate: { held: () => held },
        record: async (d) => {
          recorded.push(d);
          return true;
        },
      },
    });
    const crownDir = mkdtempSync(join(tmpdir(), 'deploy-crown-'));
    const s2 = await startTestServer({ dataDir: crownDir, modules: [deploy.factory], name: 'crown' });
    try {
      const c2 = s2.client(DeployServiceDefinition);
      await new Promise((r) => setTimeout(r, 1500));
      expect(pass).toBe(0);
      held = true;
      const ended = new Map<string, Deployment>();
      await read(c2, 0n, (m) => {
        if (m.deployment && !isRunning(m.deployment)) ended.set(m.deployment.id, m.deployment);
        return [...ended.values()].filter((d) => d.decision === 'steady: 3 of 3').length > 0;
      });
      held = false;
      const runs = [...ended.values()].sort((a, b) => Number(a.createdAtUnixMs - b.createdAtUnixMs));
      expect(runs.map((d) => [d.set, d.decision, d.state, d.changed])).toEqual([
        ['crown', 'steady: 3 of 3 members healthy', DeploymentState.DEPLOYMENT_STATE_SUCCEEDED, 0],
        ['crown', 'crown: b', DeploymentState.DEPLOYMENT_STATE_SUCCEEDED, 2],
        ['crown', 'steady: 3 of 3', DeploymentState.DEPLOYMENT_STATE_SUCCEEDED, 0],
      ]);
      expect(runs[0]?.options).toMatchObject({ cluster: 'c1', masters: 3, grace: 30 });
      expect(recorded).toEqual(['crown: b']);
      expect(l.file('b', '/etc/paddock/crowned')).toBe('b\n');
      expect(l.file('a', '/etc/paddock/crowned')).toBeUndefined();
    } finally {
      await s2.close();
      rmSync(crownDir, { recursive: true, force: true });
    }
  });
});
