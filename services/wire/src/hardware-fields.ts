import type { Hardware } from '@paddock/proto/inventory/v1/inventory.ts';

/**
 * A node's hardware facts as rows for people, one per fact, disk and NIC: what `paddock nodes
 * hardware NODE` prints and the console's node page shows.
 */
export function hardwareFields(h: Hardware): Array<[string, string]> {
  const cpu = h.cpu;
  const words = (...xs: (string | undefined)[]) => xs.filter(Boolean).join(' ') || '-';
  return [
    ['system', words(h.system?.vendor, h.system?.model, h.system?.serial && `(serial ${h.system.serial})`)],
    ['firmware', words(h.firmware?.kind.toUpperCase(), h.firmware?.vendor, h.firmware?.version, h.firmware?.date)],
    ['cpu', cpu ? `${cpu.model || '-'}: ${cpu.threads} threads, ${cpu.cores} cores, ${cpu.sockets} sockets` : '-'],
    ['memory', h.memory ? `${gib(h.memory.installedBytes)} installed, ${gib(h.memory.usableBytes)} usable` : '-'],
    ...h.disks.map((d): [string, string] => [
      `disk ${d.name}`,
      words(bytes(d.sizeBytes), d.model, d.serial && `(serial ${d.serial})`, d.rotational ? 'rotational' : ''),
    ]),
    ...h.nics.map((n): [string, string] => [
      `nic ${n.name}`,
      words(n.mac, n.driver, n.speedMbps ? `${n.speedMbps} Mb/s` : 'link speed unknown'),
    ]),
    ['reported', h.reportedAtUnixMs === 0n ? '-' : new Date(Number(h.reportedAtUnixMs)).toISOString()],
  ];
}

const gib = (n: bigint) => `${(Number(n) / 1024 ** 3).toFixed(2)} GiB`;

/** Disk sizes as their makers print them (decimal units). */
function bytes(n: bigint): string {
  const v = Number(n);
  if (v >= 1e12) return `${(v / 1e12).toFixed(2)} TB`;
  if (v >= 1e9) return `${(v / 1e9).toFixed(1)} GB`;
  return `${(v / 1e6).toFixed(0)} MB`;
}
