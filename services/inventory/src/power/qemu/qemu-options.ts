import { invalidArgument } from '@paddock/runtime';

/**
 * A QEMU machine's settings, read from a node's provider options (strings, as the API carries
 * them) once, with defaults filled in and every bad value named.
 */
export interface QemuOptions {
  memoryMb: number;
  cpus: number;
  /** A blank virtio disk of this size (sparse, in the machine's directory); 0 for diskless. */
  diskMb: number;
  firmware: 'bios' | 'uefi';
  nic: 'virtio-net-pci' | 'e1000';
  /** The network namespace that holds the bridge; QEMU and its TAP device live there. */
  netns: string;
  bridge: string;
  accel: 'tcg' | 'kvm';
}

export const OPTION_KEYS = ['memory_mb', 'cpus', 'disk_mb', 'firmware', 'nic', 'netns', 'bridge', 'accel'] as const;

const IFNAME = /^[A-Za-z0-9_.-]{1,15}$/;
const NETNS = /^[A-Za-z0-9_.-]{1,64}$/;

export function parseQemuOptions(
  options: Record<string, string>,
  defaults: { netns: string; bridge: string; accel: 'tcg' | 'kvm' },
): QemuOptions {
  const unknown = Object.keys(options).filter((k) => !(OPTION_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) throw invalidArgument(`unknown qemu option ${unknown[0]}; known: ${OPTION_KEYS.join(', ')}`);
  const memoryMb = int(options, 'memory_mb', 512, 128, 65_536);
  const cpus = int(options, 'cpus', 2, 1, 64);
  const diskMb = int(options, 'disk_mb', 0, 0, 1_048_576);
  const firmware = oneOf(options, 'firmware', ['bios', 'uefi'] as const);
  const nic = oneOf(options, 'nic', ['virtio-net-pci', 'e1000'] as const);
  const accel = oneOf(options, 'accel', [defaults.accel, defaults.accel === 'tcg' ? 'kvm' : 'tcg'] as const);
  const netns = options['netns'] ?? defaults.netns;
  const bridge = options['bridge'] ?? defaults.bridge;
  if (netns === '' || bridge === '')
    throw invalidArgument(
      'a qemu node needs a bridge inside a network namespace: give the options netns and bridge, or start the server with --qemu-netns and --qemu-bridge',
    );
  if (!NETNS.test(netns)) throw invalidArgument(`qemu option netns: ${JSON.stringify(netns)} is not a namespace name`);
  if (!IFNAME.test(bridge))
    throw invalidArgument(`qemu option bridge: ${JSON.stringify(bridge)} is not an interface name`);
  return { memoryMb, cpus, diskMb, firmware, nic, netns, bridge, accel };
}

export function qemuOptionsToRecord(o: QemuOptions): Record<string, string> {
  return {
    memory_mb: String(o.memoryMb),
    cpus: String(o.cpus),
    ...(o.diskMb > 0 && { disk_mb: String(o.diskMb) }),
    firmware: o.firmware,
    nic: o.nic,
    netns: o.netns,
    bridge: o.bridge,
    accel: o.accel,
  };
}

function int(options: Record<string, string>, key: string, fallback: number, min: number, max: number): number {
  const text = options[key];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max)
    throw invalidArgument(`qemu option ${key}: ${JSON.stringify(text)} must be a whole number from ${min} to ${max}`);
  return n;
}

function oneOf<T extends string>(options: Record<string, string>, key: string, allowed: readonly T[]): T {
  const text = options[key];
  if (text === undefined || text === '') return allowed[0]!;
  if (!(allowed as readonly string[]).includes(text))
    throw invalidArgument(`qemu option ${key}: ${JSON.stringify(text)} must be one of ${allowed.join(', ')}`);
  return text as T;
}
