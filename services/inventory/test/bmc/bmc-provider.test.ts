import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '@paddock/lab';
import { InventoryServiceDefinition, PowerAction, PowerState } from '@paddock/proto/inventory/v1/inventory.ts';
import { startTestServer, type TestServer } from '@paddock/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVENTORY_DEFAULTS } from '../../src/config.ts';
import { createInventory } from '../../src/module.ts';
import { IpmiSim } from './ipmi-sim.ts';
import { RedfishServer } from './redfish-server.ts';

// The bmc provider end to end: the inventory server, the paddock CLI, OpenIPMI's ipmi_sim (with
// ipmitool as witness) and the Redfish double, all on loopback.

const CLI = join(import.meta.dirname, '..', '..', '..', 'cli', 'bin', 'paddock.js');
let dir: string;
let server: TestServer;
let sim: IpmiSim;
let redfish: RedfishServer;
let slow: RedfishServer;

async function paddock(...args: string[]) {
  const r = await run([process.execPath, CLI, ...args, '--server', server.grpcAddress, '--insecure'], {
    timeoutMs: 60_000,
  });
  return { ...r, out: r.stdout.trim(), err: r.stderr.trim() };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paddock-bmc-'));
  [sim, redfish, slow] = await Promise.all([
    IpmiSim.start(),
    RedfishServer.start(),
    RedfishServer.start({ delayMs: 1000 }),
  ]);
  const inv = createInventory({ ...INVENTORY_DEFAULTS, feeds: false, reconcileInterval: 3600 });
  server = await startTestServer({ dataDir: dir, modules: [inv.factory] });
});
afterAll(async () => {
  await server?.close();
  await Promise.all([sim?.stop(), redfish?.close(), slow?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const ipmiOptions = () => [
  '--option',
  `address=127.0.0.1:${sim.port}`,
  '--option',
  'protocol=ipmi',
  '--option',
  `username=${sim.username}`,
];
const redfishOptions = (s: RedfishServer) => [
  '--option',
  `address=${new URL(s.url).host}`,
  '--option',
  'protocol=redfish',
  '--option',
  'scheme=http',
  '--option',
  `username=${s.username}`,
  '--option',
  `password=${s.password}`,
];

// Each CLI run starts a Node process (seconds on a busy machine): generous timeouts.
describe('paddock power through a BMC', { timeout: 120_000 }, () => {
  it('powers an IPMI machine on, boots it from the network once and off, as ipmitool sees it', async () => {
    const c = await paddock(
      'nodes',
      'create',
      'rack1-u1',
      '--provider',
      'bmc',
      ...ipmiOptions(),
      '--option',
      `password=${sim.password}`,
    );
    expect(c.err).toBe('');
    expect((await paddock('power', 'on', 'rack1-u1')).out).toMatch(/observed on, desired on/);
    expect(sim.power()).toBe('1');
    expect((await sim.ipmitool(['chassis', 'power', 'status'])).stdout).toContain('Chassis Power is on');
    // pxe on a running machine: boot flags, then a cycle.
    expect((await paddock('power', 'pxe', 'rack1-u1')).code).toBe(0);
    expect(sim.boot()).toBe('pxe');
    // ipmi_sim carries a cycle out as off, then on a moment later.
    await until(() => /set boot pxe\|.*set power 0\|.*set power 1/.test(sim.hookLog().join('|')));
    expect((await paddock('power', 'off', 'rack1-u1')).out).toMatch(/observed off, desired off/);
    expect(sim.power()).toBe('0');
    expect((await sim.ipmitool(['chassis', 'power', 'status'])).stdout).toContain('Chassis Power is off');
  });

  it('never gives the password back and stores only ciphertext', async () => {
    const shown = await paddock('nodes', 'get', 'rack1-u1', '--json');
    expect(shown.out).toContain(`127.0.0.1:${sim.port}`);
    expect(shown.out).not.toContain(sim.password);
    expect(shown.out).not.toContain('sealed');
    const events = await paddock('nodes', 'list', '--json');
    expect(events.out).not.toContain(sim.password);
    const key = join(dir, 'bmc', 'credential.key');
    expect(statSync(key).mode & 0o777).toBe(0o600);
    for (const f of files(dir)) expect(readFileSync(f).includes(sim.password), f).toBe(false);
  });

  it('says the password is wrong, in one line, and changes nothing', async () => {
    await paddock(
      'nodes',
      'create',
      'rack1-u2',
      '--provider',
      'bmc',
      ...ipmiOptions(),
      '--option',
      'password=not-the-password',
    );
    const r = await paddock('power', 'on', 'rack1-u2');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain(`BMC 127.0.0.1:${sim.port}: authentication failed (wrong user name or password)`);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(sim.power()).toBe('0');
  });

  it('refuses cipher suite 0 and a missing password when the node is created', async () => {
    const r = await paddock(
      'nodes',
      'create',
      'x',
      '--provider',
      'bmc',
      ...ipmiOptions(),
      '--option',
      'password=p',
      '--option',
      'cipher_suite=0',
    );
    expect(r.err).toMatch(/cipher_suite: .*suite 0 is refused/);
    const m = await paddock('nodes', 'create', 'y', '--provider', 'bmc', ...ipmiOptions());
    expect(m.err).toMatch(/password: the BMC user's password is required/);
  });

  it('boots a Redfish machine from the network once', async () => {
    await paddock('nodes', 'create', 'rf1', '--provider', 'bmc', ...redfishOptions(redfish));
    expect((await paddock('power', 'pxe', 'rf1')).code).toBe(0);
    expect(redfish.state).toMatchObject({ bootTarget: 'Pxe', bootEnabled: 'Once', power: 'On', resets: ['On'] });
    await paddock('power', 'cycle', 'rf1');
    expect(redfish.state.resets).toEqual(['On', 'PowerCycle']);
  });

  it('does not make one BMC wait for a slow one', async () => {
    await paddock('nodes', 'create', 'slow1', '--provider', 'bmc', ...redfishOptions(slow));
    const client = server.client(InventoryServiceDefinition);
    const t0 = Date.now();
    const slowCall = client
      .powerNode({ node: 'slow1', action: PowerAction.POWER_ACTION_ON })
      .then(() => Date.now() - t0);
    const fast = await client.powerNode({ node: 'rf1', action: PowerAction.POWER_ACTION_OFF });
    const fastMs = Date.now() - t0;
    expect(fast.node?.power?.observed).toBe(PowerState.POWER_STATE_OFF);
    const slowMs = await slowCall;
    // The slow BMC takes 1 s per request and a reset needs four; the other BMC's answer came first.
    expect(slowMs).toBeGreaterThan(4000);
    expect(fastMs).toBeLessThan(slowMs - 2500);
  });
});

async function until(ok: () => boolean, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !ok(); ) {
    if (Date.now() > end) throw new Error(`not so after ${ms} ms: ${ok}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function files(d: string): string[] {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(d, e.name)) : e.isFile() ? [join(d, e.name)] : [],
  );
}
