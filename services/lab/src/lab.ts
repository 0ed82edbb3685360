import { trackLab, untrackLab } from './exit-hooks.ts';
import { Host } from './host.ts';
import { type Impairment, impairScript } from './impair.ts';
import type { LabProcess } from './lab-process.ts';
import { type Bridge, type Link, type LinkOptions, makeBridge, makeLink, makeTap, type Tap } from './links.ts';
import { checkIfname, hostNetns, namedPrefix, ownedPrefix, SWITCH_HOST } from './names.ts';
import { addNetns, deleteNetns, deleteNetnsSync, listNetns } from './netns.ts';
import { currentOwner } from './owner.ts';
import { runOk } from './run.ts';
import { sweep } from './sweep.ts';

let seq = 0;

/**
 * A throw-away network made of namespaces: hosts, plus one "switch" namespace
 * holding every bridge and TAP device. Nothing is created in the root
 * namespace, so deleting the lab's namespaces deletes every interface it made.
 */
export class Lab {
  /** Every namespace of this lab is `${prefix}.<host>`. */
  readonly prefix: string;
  readonly #processes = new Set<LabProcess>();
  readonly #namespaces: string[] = [];
  readonly #hosts = new Map<string, Host>();
  #switch: Promise<Host> | undefined;
  #ports = 0;
  #destroyed: Promise<void> | undefined;

  private constructor(prefix: string) {
    this.prefix = prefix;
  }

  /** A lab owned by this process; first removes leftovers of dead runs. */
  static async create(tag: string): Promise<Lab> {
    await sweep();
    const lab = new Lab(ownedPrefix(currentOwner(), seq++, tag));
    trackLab(lab);
    return lab;
  }

  /** A lab that outlives this process (`paddock lab up`); removed only by name. */
  static named(name: string): Lab {
    const prefix = namedPrefix(name);
    if (listNetns().some((ns) => ns.startsWith(`${prefix}.`))) throw new Error(`lab ${name} already exists`);
    return new Lab(prefix);
  }

  /** Removes namespaces (and their processes) of runs whose owner died; returns their names. */
  static sweep(): Promise<string[]> {
    return sweep();
  }

  /** The namespaces made so far, switch included. */
  namespaces(): string[] {
    return [...this.#namespaces];
  }

  /** The namespace holding bridges and TAP devices; QEMU runs here. */
  switchHost(): Promise<Host> {
    this.#switch ??= this.#addHost(SWITCH_HOST, [
      // Bridges and their ports need no IPv6: no DAD, router or MLD chatter in captures.
      ['net.ipv6.conf.all.disable_ipv6', 1],
      ['net.ipv6.conf.default.disable_ipv6', 1],
    ]);
    return this.#switch;
  }

  async host(name: string): Promise<Host> {
    if (this.#hosts.has(name)) throw new Error(`host ${name} already exists in this lab`);
    // No DAD wait: an IPv6 address is usable as soon as it is added (RFC 4862 §5.4 is for real LANs).
    return this.#addHost(name, [
      ['net.ipv6.conf.all.accept_dad', 0],
      ['net.ipv6.conf.default.accept_dad', 0],
    ]);
  }

  async bridge(name = 'br0'): Promise<Bridge> {
    return makeBridge(await this.switchHost(), checkIfname(name));
  }

  /** A veth pair: `ifname` in the host, the other end a port of the bridge. */
  async link(host: Host, bridge: Bridge, opts: LinkOptions = {}): Promise<Link> {
    this.#alive();
    return makeLink(host, bridge, `p${++this.#ports}`, opts);
  }

  /** Random frame loss on the link's bridge port; dropPercent 0 removes it. */
  async impair(link: Link, impairment: Impairment): Promise<void> {
    const sw = await this.switchHost();
    await runOk(['ip', 'netns', 'exec', sw.netns, 'nft', '-f', '-'], { input: impairScript(link.port, impairment) });
  }

  /** A persistent TAP device on the bridge; run QEMU in `tap.netns` (`tap.host.spawn`). */
  async tap(bridge: Bridge, name = 'tap0', opts: { mac?: string } = {}): Promise<Tap> {
    return makeTap(await this.switchHost(), bridge, checkIfname(name), opts);
  }

  /** Kills every process the lab started or that runs inside it, deletes its namespaces. Idempotent. */
  destroy(): Promise<void> {
    this.#destroyed ??= this.#destroy();
    return this.#destroyed;
  }

  /** destroy() for exit hooks: SIGKILL and delete without waiting. */
  destroySync(): void {
    this.#destroyed ??= Promise.resolve();
    untrackLab(this);
    for (const p of this.#processes) p.killSync();
    for (const ns of this.#namespaces.splice(0)) deleteNetnsSync(ns);
  }

  async #destroy(): Promise<void> {
    untrackLab(this);
    await Promise.all([...this.#processes].map((p) => p.kill('SIGTERM', 1000)));
    await Promise.all(this.#namespaces.splice(0).map((ns) => deleteNetns(ns)));
  }

  async #addHost(name: string, sysctls: [string, number][]): Promise<Host> {
    this.#alive();
    const netns = hostNetns(this.prefix, name);
    const host = new Host(name, netns, this.#processes);
    if (name !== SWITCH_HOST) this.#hosts.set(name, host);
    // Recorded before it exists, so a failure half way still gets cleaned up.
    this.#namespaces.push(netns);
    await addNetns(netns);
    await runOk(['ip', '-n', netns, 'link', 'set', 'dev', 'lo', 'up']);
    for (const [key, value] of sysctls) await host.sysctl(key, value);
    return host;
  }

  #alive(): void {
    if (this.#destroyed) throw new Error(`lab ${this.prefix} was destroyed`);
  }
}
