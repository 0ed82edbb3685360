import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Lab, listNetns, run } from '@paddock/lab';
import { numberToIPv4, parseCidr } from '@paddock/wire';

/**
 * The demo's own network: namespaces only (a switch with bridge br0, and a "server" host whose
 * eth0 has the subnet's first address), so nothing it does reaches a real LAN. It outlives the
 * command (a named lab); its state file says what to remove.
 */
export const DEMO_ROOT = '/run/paddock-demo';

export interface DemoState {
  name: string;
  subnet: string;
  serverNetns: string;
  switchNetns: string;
  bridge: string;
  serverAddress: string;
  dataDir: string;
  /** Processes the demo started (paddock up, the helper), stopped first on --down. */
  pids: number[];
  consoleUrl: string;
  /** gRPC on this host's loopback. */
  grpcAddress: string;
}

export const demoDir = (name: string) => join(DEMO_ROOT, name);
const statePath = (name: string) => join(demoDir(name), 'demo.json');

export async function buildDemoLab(
  name: string,
  subnet: string,
): Promise<Omit<DemoState, 'dataDir' | 'pids' | 'consoleUrl' | 'grpcAddress'>> {
  const cidr = parseCidr(subnet);
  if (cidr.prefix > 28) throw new RangeError(`--subnet ${subnet} is too small for a demo (/28 or larger)`);
  const lab = Lab.named(name);
  try {
    const br = await lab.bridge('br0');
    const server = await lab.host('server');
    const serverAddress = numberToIPv4(cidr.network + 1);
    await lab.link(server, br, {
      ifname: 'eth0',
      addresses: [`${serverAddress}/${cidr.prefix}`],
      mac: '02:00:00:00:00:01',
    });
    return { name, subnet, serverNetns: server.netns, switchNetns: br.netns, bridge: br.name, serverAddress };
  } catch (err) {
    await lab.destroy();
    throw err;
  }
}

export function demoExists(name: string): boolean {
  return existsSync(statePath(name)) || listNetns().some((ns) => ns.startsWith(`pdkl-${name}.`));
}

export function saveState(s: DemoState): void {
  mkdirSync(demoDir(s.name), { recursive: true, mode: 0o700 });
  writeFileSync(statePath(s.name), `${JSON.stringify(s, null, 2)}\n`);
}

export function readState(name: string): DemoState | undefined {
  try {
    return JSON.parse(readFileSync(statePath(name), 'utf8')) as DemoState;
  } catch {
    return undefined;
  }
}

/**
 * Removes everything a demo made: stops its processes (SIGTERM, so paddock up shuts down
 * cleanly), then deletes its namespaces with whatever still runs inside them (QEMU), and its
 * directory. Returns what it removed.
 */
export async function removeDemo(name: string): Promise<string[]> {
  const state = readState(name);
  for (const pid of state?.pids ?? []) signal(pid, 'SIGTERM');
  for (let i = 0; i < 50 && (state?.pids ?? []).some(alive); i++) await sleep(100);
  const namespaces = listNetns().filter((ns) => ns.startsWith(`pdkl-${name}.`));
  for (const ns of namespaces) {
    const pids = (await run(['ip', 'netns', 'pids', ns])).stdout.split(/\s+/).filter(Boolean).map(Number);
    for (const pid of pids) signal(pid, 'SIGKILL');
    for (let i = 0; i < 50 && pids.some(alive); i++) await sleep(20);
    await run(['ip', 'netns', 'del', ns]);
  }
  rmSync(demoDir(name), { recursive: true, force: true });
  return namespaces;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
