import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { numberToIPv4, parseCidr } from '@paddock/wire';
import { Lab } from './lab.ts';
import { hostNetns, namedPrefix, parseNamedNetns } from './names.ts';
import { deleteNetns, listNetns } from './netns.ts';

// Labs for people (`paddock lab up`): they outlive the command that made them,
// so what they hold is written to a JSON file beside their namespaces.

export const STATE_DIR = '/run/paddock-lab';

export interface LabHostState {
  name: string;
  netns: string;
  ifname: string;
  mac: string;
  addresses: string[];
}

export interface LabState {
  name: string;
  subnet: string;
  bridge: { name: string; netns: string };
  hosts: LabHostState[];
  createdAt: string;
}

export interface UpOptions {
  name: string;
  /** Client hosts besides the server. */
  hosts: number;
  subnet: string;
  /** Give clients static addresses after the server's; default none, ready for DHCP. */
  clientAddresses?: boolean;
}

const statePath = (dir: string, name: string) => join(dir, `${name}.json`);

export async function labUp(opts: UpOptions, dir = STATE_DIR): Promise<LabState> {
  const cidr = parseCidr(opts.subnet);
  const usable = 2 ** (32 - cidr.prefix) - 2;
  if (!Number.isInteger(opts.hosts) || opts.hosts < 0 || opts.hosts + 1 > usable) {
    throw new RangeError(`--hosts ${opts.hosts} does not fit in ${opts.subnet} beside the server`);
  }
  const lab = Lab.named(opts.name);
  try {
    const sw = await lab.bridge('br0');
    const hosts: LabHostState[] = [];
    for (let i = 0; i <= opts.hosts; i++) {
      const host = await lab.host(i === 0 ? 'server' : `client${i}`);
      const address = `${numberToIPv4(cidr.network + 1 + i)}/${cidr.prefix}`;
      const addresses = i === 0 || opts.clientAddresses ? [address] : [];
      const mac = `02:00:00:00:${hex((i + 1) >> 8)}:${hex((i + 1) & 255)}`;
      const link = await lab.link(host, sw, { ifname: 'eth0', addresses, mac });
      hosts.push({ name: host.name, netns: host.netns, ifname: link.name, mac: link.mac, addresses });
    }
    const state: LabState = {
      name: opts.name,
      subnet: opts.subnet,
      bridge: sw,
      hosts,
      createdAt: new Date().toISOString(),
    };
    await mkdir(dir, { recursive: true });
    await writeFile(statePath(dir, opts.name), `${JSON.stringify(state, null, 2)}\n`);
    return state;
  } catch (err) {
    await lab.destroy();
    throw err;
  }
}

const hex = (n: number) => n.toString(16).padStart(2, '0');

/** Deletes the lab's namespaces (whatever the state file says) and its state; returns what it deleted. */
export async function labDown(name: string, dir = STATE_DIR): Promise<string[]> {
  const prefix = `${namedPrefix(name)}.`;
  const namespaces = listNetns().filter((ns) => ns.startsWith(prefix));
  const hadState = await readState(name, dir).then(
    () => true,
    () => false,
  );
  if (namespaces.length === 0 && !hadState) throw new Error(`no lab named ${name}`);
  await Promise.all(namespaces.map((ns) => deleteNetns(ns)));
  await rm(statePath(dir, name), { force: true });
  return namespaces;
}

export async function readState(name: string, dir = STATE_DIR): Promise<LabState> {
  namedPrefix(name);
  return JSON.parse(await readFile(statePath(dir, name), 'utf8')) as LabState;
}

export interface LabSummary {
  name: string;
  /** Namespaces that exist now. */
  namespaces: string[];
  state?: LabState;
}

/** Every CLI lab with a state file or a namespace, even one whose state file was lost. */
export async function labList(dir = STATE_DIR): Promise<LabSummary[]> {
  const files = await readdir(dir).catch(() => [] as string[]);
  const names = new Set(files.filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)));
  const byLab = new Map<string, string[]>();
  for (const ns of listNetns()) {
    const parsed = parseNamedNetns(ns);
    if (parsed) byLab.set(parsed.lab, [...(byLab.get(parsed.lab) ?? []), ns]);
  }
  for (const name of byLab.keys()) names.add(name);
  const summaries = [...names].sort().map(async (name) => {
    const state = await readState(name, dir).catch(() => undefined);
    return { name, namespaces: byLab.get(name) ?? [], ...(state ? { state } : {}) };
  });
  return Promise.all(summaries);
}

/** The namespace of a host in a CLI lab, checked to exist. */
export function labHostNetns(name: string, host: string): string {
  const netns = hostNetns(namedPrefix(name), host);
  if (!listNetns().includes(netns)) throw new Error(`no host ${host} in lab ${name} (no namespace ${netns})`);
  return netns;
}
