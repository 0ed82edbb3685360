import type { Hardware } from './hardware.ts';

/**
 * Hardware facts as the label selector sees them, so `-l cpu.cores>=16,memory.gib>=64` or
 * `system.vendor=Dell-Inc` pick machines the way labels do. Words become label values
 * (characters a label may not hold turned into "-"); numbers are whole numbers for the
 * selector's comparisons. A node without a report has none of these keys.
 */
export function hardwareLabels(hw: Hardware | undefined): Record<string, string> {
  if (!hw) return {};
  const gib = 1024 ** 3;
  const out: Record<string, string> = {
    'cpu.threads': String(hw.cpu.threads),
    'cpu.cores': String(hw.cpu.cores),
    'cpu.sockets': String(hw.cpu.sockets),
    'memory.mib': String(Math.floor(memoryBytes(hw) / 1024 ** 2)),
    // Rounded: installed memory is a whole number of GiB on real machines, usable is a bit less.
    'memory.gib': String(Math.round(memoryBytes(hw) / gib)),
    'disk.count': String(hw.disks.length),
    'disk.gb': String(Math.floor(hw.disks.reduce((sum, d) => sum + d.sizeBytes, 0) / 1e9)),
    'nic.count': String(hw.nics.length),
    'nic.speed': String(Math.max(0, ...hw.nics.map((n) => n.speedMbps))),
  };
  const words: [string, string][] = [
    ['system.vendor', hw.system.vendor],
    ['system.model', hw.system.model],
    ['firmware.type', hw.firmware.kind],
  ];
  for (const [key, text] of words) {
    const value = asLabelValue(text);
    if (value) out[key] = value;
  }
  return out;
}

const memoryBytes = (hw: Hardware) => hw.memory.installedBytes || hw.memory.usableBytes;

/** "Dell Inc." → "Dell-Inc": a label value (1-63 of [A-Za-z0-9._-], alphanumeric at both ends). */
export function asLabelValue(text: string): string {
  return text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}
