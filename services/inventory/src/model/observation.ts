import { fromClientArch, normalizeArchitecture } from './arch.ts';
import { type Hardware, sameHardware } from './hardware.ts';
import { applyMove, decide, initialLifecycle, type LifecycleInput } from './lifecycle.ts';
import { ADDRESS_LIMIT, type Address, initialPower, type Node, type Source } from './node.ts';

/**
 * What the other services tell the inventory about a machine, already read out of their
 * protos by the feeds, and how each one changes a node: pure, so replaying a feed gives the
 * same nodes, and every rule is tested without a server.
 */
export type Observation =
  /** The scanner saw (or lost) the MAC. */
  | { kind: 'scan'; mac: string; at: number; ips: string[]; online: boolean; vendor: string }
  /** DHCP bound (or ended) a lease. `clientArch` is option 93, -1 when absent. */
  | {
      kind: 'lease';
      mac: string;
      at: number;
      ip: string;
      bound: boolean;
      expiresAt: number;
      pxe: boolean;
      clientArch: number;
    }
  /** One step of a network boot, as the boot service recorded it. */
  | {
      kind: 'boot';
      mac: string;
      at: number;
      ip: string;
      step: 'network-boot' | 'phone-home' | 'other';
      what: string;
      /** `uname -m` reported when phoning home; empty when not. */
      architecture: string;
      /** The hardware facts sent with a phone-home, when it carried them. */
      hardware?: Hardware;
      /** What was wrong with the report it carried: why it was refused, or each line dropped. */
      reportProblems?: { refused: string } | { droppedLines: string[] };
    }
  /** A Wake-on-LAN the scanner followed: the machine answered. */
  | { kind: 'awake'; mac: string; at: number; ip: string };

const SOURCE: Record<Observation['kind'], Source> = { scan: 'scanner', lease: 'dhcp', boot: 'boot', awake: 'scanner' };

/** Whether an observation of an unknown MAC should add a discovered node. */
export function discovers(o: Observation): boolean {
  if (o.kind === 'scan') return o.online;
  if (o.kind === 'lease') return o.bound;
  return o.kind === 'boot';
}

/** A metal node for a MAC first seen by a feed. */
export function discoveredNode(o: Observation, id: string, name: string): Node {
  return {
    id,
    name,
    labels: {},
    nics: [{ mac: o.mac, vendor: o.kind === 'scan' ? o.vendor : '' }],
    addresses: [],
    architecture: '',
    firmware: '',
    vendor: o.kind === 'scan' ? o.vendor : '',
    provider: { name: 'metal', options: {} },
    power: initialPower(o.at),
    lifecycle: initialLifecycle(o.at, `first seen by ${SOURCE[o.kind]}`, SOURCE[o.kind]),
    bootRule: '',
    description: '',
    createdAt: o.at,
    updatedAt: o.at,
    lastSeenAt: 0,
    revision: 0n,
  };
}

export function observeNode(node: Node, o: Observation): Node {
  let n: Node = { ...node, lastSeenAt: Math.max(node.lastSeenAt, o.at) };
  switch (o.kind) {
    case 'scan':
      for (const ip of o.ips) n = withAddress(n, { ip, mac: o.mac, source: 'scan', updatedAt: o.at, expiresAt: 0 });
      if (o.vendor) n = withVendor(n, o.mac, o.vendor);
      if (o.online) n = poweredOn(n, o.at);
      return n;
    case 'lease': {
      if (!o.bound) return { ...n, addresses: n.addresses.filter((a) => !(a.ip === o.ip && a.source === 'dhcp')) };
      n = withAddress(n, { ip: o.ip, mac: o.mac, source: 'dhcp', updatedAt: o.at, expiresAt: o.expiresAt });
      const arch = fromClientArch(o.clientArch);
      if (arch) n = { ...n, firmware: arch.firmware, architecture: n.architecture || arch.architecture };
      n = poweredOn(n, o.at);
      return o.pxe ? move(n, { kind: 'network-boot', at: o.at, source: 'dhcp', reason: `PXE lease ${o.ip}` }) : n;
    }
    case 'boot': {
      if (o.ip) n = withAddress(n, { ip: o.ip, mac: o.mac, source: 'boot', updatedAt: o.at, expiresAt: 0 });
      const architecture = normalizeArchitecture(o.architecture);
      if (architecture) n = { ...n, architecture };
      // The same facts again change nothing: an agent that re-sends must not wake every watcher.
      if (o.hardware && !sameHardware(n.hardware, o.hardware)) n = { ...n, hardware: o.hardware };
      n = poweredOn(n, o.at);
      if (o.step === 'other') return n;
      return move(n, { kind: o.step, at: o.at, source: 'boot', reason: o.what });
    }
    case 'awake':
      if (o.ip) n = withAddress(n, { ip: o.ip, mac: o.mac, source: 'scan', updatedAt: o.at, expiresAt: 0 });
      return poweredOn(n, o.at);
  }
}

function move(n: Node, input: LifecycleInput): Node {
  const v = decide(n.lifecycle, input);
  return v.kind === 'move' ? { ...n, lifecycle: applyMove(n.lifecycle, v.entry) } : n;
}

/** Any sign of life means the machine is on, whatever its provider. */
function poweredOn(n: Node, at: number): Node {
  if (n.power.observed === 'on') return { ...n, power: { ...n.power, observedAt: Math.max(n.power.observedAt, at) } };
  return { ...n, power: { ...n.power, observed: 'on', observedAt: at, changedAt: at } };
}

/** The address first, newest first after it; one entry per (ip, source). */
function withAddress(n: Node, a: Address): Node {
  const rest = n.addresses.filter((x) => !(x.ip === a.ip && x.source === a.source));
  return { ...n, addresses: [a, ...rest].slice(0, ADDRESS_LIMIT) };
}

function withVendor(n: Node, mac: string, vendor: string): Node {
  const nics = n.nics.map((nic) => (nic.mac === mac ? { ...nic, vendor } : nic));
  return { ...n, nics, vendor: nics[0]?.vendor || n.vendor };
}
