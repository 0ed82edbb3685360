import {
  addressSourceToJSON,
  Firmware,
  LifecycleState,
  lifecycleStateToJSON,
  type Node,
  PowerState,
} from '@paddock/proto/inventory/v1/inventory.ts';

/** How nodes read on a terminal: short state names, one row per node, or every detail. */
export const stateName = (s: LifecycleState) => lifecycleStateToJSON(s).replace('LIFECYCLE_STATE_', '').toLowerCase();

export function powerName(s: PowerState | undefined): string {
  return s === PowerState.POWER_STATE_ON ? 'on' : s === PowerState.POWER_STATE_OFF ? 'off' : '-';
}

const firmwareName = (f: Firmware) =>
  f === Firmware.FIRMWARE_BIOS ? 'bios' : f === Firmware.FIRMWARE_UEFI ? 'uefi' : '';

export const NODE_COLUMNS = ['NAME', 'STATE', 'POWER', 'MAC', 'IP', 'ARCH', 'PROVIDER', 'LABELS'];

export function nodeRow(n: Node): string[] {
  const power = `${powerName(n.power?.observed)}${n.power?.desired && n.power.desired !== n.power.observed ? `→${powerName(n.power.desired)}` : ''}`;
  return [
    n.name,
    stateName(n.lifecycle?.state ?? LifecycleState.LIFECYCLE_STATE_UNSPECIFIED),
    power,
    n.nics[0]?.mac ?? '-',
    n.addresses[0]?.ip ?? '-',
    [n.architecture, firmwareName(n.firmware)].filter(Boolean).join('/') || '-',
    n.provider?.name ?? '-',
    Object.entries(n.labels)
      .map(([k, v]) => (v ? `${k}=${v}` : k))
      .join(',') || '-',
  ];
}

const time = (ms: bigint) => (ms === 0n ? '-' : new Date(Number(ms)).toISOString());

export function nodeFields(n: Node): Array<[string, string]> {
  const p = n.power;
  return [
    ['name', n.name],
    ['id', n.id],
    ['state', `${stateName(n.lifecycle?.state ?? 0)} since ${time(n.lifecycle?.sinceUnixMs ?? 0n)}`],
    ['power', `observed ${powerName(p?.observed)}, desired ${powerName(p?.desired)}`],
    ...(p?.lastError ? [['power error', `${p.lastError} (${p.failures} in a row)`] as [string, string]] : []),
    ['nics', n.nics.map((x) => (x.vendor ? `${x.mac} (${x.vendor})` : x.mac)).join(', ') || '-'],
    [
      'addresses',
      n.addresses
        .map((a) => `${a.ip} (${addressSourceToJSON(a.source).replace('ADDRESS_SOURCE_', '').toLowerCase()})`)
        .join(', ') || '-',
    ],
    ['architecture', [n.architecture, firmwareName(n.firmware)].filter(Boolean).join(', ') || '-'],
    ['vendor', n.vendor || '-'],
    [
      'provider',
      `${n.provider?.name ?? '-'} ${Object.entries(n.provider?.options ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`.trim(),
    ],
    [
      'labels',
      Object.entries(n.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ') || '-',
    ],
    ['boot rule', n.bootRule || '-'],
    ['last seen', time(n.lastSeenUnixMs)],
    ['revision', String(n.revision)],
  ];
}

/** The lifecycle history, one line per state, oldest first. */
export function historyLines(n: Node): string[] {
  return (n.lifecycle?.history ?? []).map(
    (h) => `  ${time(h.atUnixMs)}  ${stateName(h.state).padEnd(11)} ${h.source.padEnd(8)} ${h.reason}`,
  );
}
