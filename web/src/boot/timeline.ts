import { type BootEvent, BootEventKind, type WatchEventsResponse } from '@paddock/proto/boot/v1/boot.ts';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';

/** Boot events folded per machine, newest machine first, for the live timeline. */
export interface Timeline {
  revision: bigint;
  /** Events by MAC ('' for requests no machine could be matched to), oldest first. */
  machines: Map<string, BootEvent[]>;
}

/** Events kept per machine: a boot is a few dozen steps; older ones scroll away. */
const PER_MACHINE = 200;

export const emptyTimeline = (): Timeline => ({ revision: 0n, machines: new Map() });

/**
 * Folds one WatchEvents message in: RESET starts an empty timeline (the kept events follow as
 * SNAPSHOT), each SNAPSHOT or CHANGE adds its event; a repeated or older revision changes nothing.
 */
export function applyBootEvent(t: Timeline, m: WatchEventsResponse): Timeline {
  if (m.watch?.kind === WatchEventKind.WATCH_EVENT_KIND_RESET) return emptyTimeline();
  const e = m.event;
  if (!e || e.revision <= t.revision) return t;
  const machines = new Map(t.machines);
  const list = [...(machines.get(e.mac) ?? []), e].slice(-PER_MACHINE);
  machines.delete(e.mac);
  machines.set(e.mac, list);
  return { revision: e.revision, machines };
}

/** Machines, most recently active first. */
export const machinesByActivity = (t: Timeline) => [...t.machines.entries()].reverse();

const LABELS: Partial<Record<BootEventKind, string>> = {
  [BootEventKind.BOOT_EVENT_KIND_PROXY_OFFER]: 'proxyDHCP offer',
  [BootEventKind.BOOT_EVENT_KIND_PROXY_ACK]: 'proxyDHCP ack',
  [BootEventKind.BOOT_EVENT_KIND_DHCP_ANSWER]: 'DHCP boot answer',
  [BootEventKind.BOOT_EVENT_KIND_TFTP_REQUEST]: 'TFTP request',
  [BootEventKind.BOOT_EVENT_KIND_TFTP_COMPLETE]: 'TFTP complete',
  [BootEventKind.BOOT_EVENT_KIND_TFTP_ERROR]: 'TFTP error',
  [BootEventKind.BOOT_EVENT_KIND_HTTP_FETCH]: 'HTTP fetch',
  [BootEventKind.BOOT_EVENT_KIND_HTTP_ERROR]: 'HTTP refused',
  [BootEventKind.BOOT_EVENT_KIND_SCRIPT_RENDERED]: 'iPXE script',
  [BootEventKind.BOOT_EVENT_KIND_PHONE_HOME]: 'phoned home',
};

export const eventLabel = (k: BootEventKind) => LABELS[k] ?? `event ${k}`;

export const isFailure = (k: BootEventKind) =>
  k === BootEventKind.BOOT_EVENT_KIND_TFTP_ERROR || k === BootEventKind.BOOT_EVENT_KIND_HTTP_ERROR;
