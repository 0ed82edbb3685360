import { BootEventKind, type WatchEventsResponse } from '@paddock/proto/boot/v1/boot.ts';
import { parseHardwareReport } from '../model/hardware-report.ts';
import type { Observation } from '../model/observation.ts';

const NETWORK_BOOT = new Set<BootEventKind>([
  BootEventKind.BOOT_EVENT_KIND_PROXY_OFFER,
  BootEventKind.BOOT_EVENT_KIND_PROXY_ACK,
  BootEventKind.BOOT_EVENT_KIND_DHCP_ANSWER,
  BootEventKind.BOOT_EVENT_KIND_TFTP_REQUEST,
  BootEventKind.BOOT_EVENT_KIND_TFTP_COMPLETE,
  BootEventKind.BOOT_EVENT_KIND_HTTP_FETCH,
  BootEventKind.BOOT_EVENT_KIND_SCRIPT_RENDERED,
]);

const WHAT: Partial<Record<BootEventKind, string>> = {
  [BootEventKind.BOOT_EVENT_KIND_PROXY_OFFER]: 'proxyDHCP offer',
  [BootEventKind.BOOT_EVENT_KIND_PROXY_ACK]: 'proxyDHCP answer',
  [BootEventKind.BOOT_EVENT_KIND_DHCP_ANSWER]: 'boot answer',
  [BootEventKind.BOOT_EVENT_KIND_TFTP_REQUEST]: 'TFTP',
  [BootEventKind.BOOT_EVENT_KIND_TFTP_COMPLETE]: 'TFTP sent',
  [BootEventKind.BOOT_EVENT_KIND_HTTP_FETCH]: 'HTTP',
  [BootEventKind.BOOT_EVENT_KIND_SCRIPT_RENDERED]: 'iPXE script',
};

/**
 * The boot service's WatchEvents: events in revision order (the kept ones as SNAPSHOT, then
 * live), each resumable after its own revision. Boot errors (a TFTP "file not found", an HTTP
 * 404) do not fail a node: firmware and loaders probe for optional files all the time; a boot
 * that really stalls is caught by the boot timeout instead.
 */
export function bootObservation(e: WatchEventsResponse): Observation | undefined {
  const ev = e.event;
  if (!ev?.mac) return undefined;
  const phone = ev.kind === BootEventKind.BOOT_EVENT_KIND_PHONE_HOME;
  const at = Number(ev.timeUnixMs) || Date.now();
  const report = phone && ev.report ? parseHardwareReport(ev.report, at) : undefined;
  // A later report of changed facts (status=hardware) is not a new boot.
  const step = phone
    ? ev.detail === 'hardware'
      ? 'other'
      : 'phone-home'
    : NETWORK_BOOT.has(ev.kind)
      ? 'network-boot'
      : 'other';
  const what = phone
    ? `phoned home${ev.ip ? ` from ${ev.ip}` : ''}`
    : `${WHAT[ev.kind] ?? 'boot event'}${ev.file ? ` ${ev.file}` : ''}${ev.rule ? ` (rule ${ev.rule})` : ''}`;
  return {
    kind: 'boot',
    mac: ev.mac.toLowerCase(),
    at,
    ip: ev.ip,
    step,
    what,
    architecture: phone ? architectureIn(ev.detail) : '',
    // A report that is not one (no header, too big) is ignored; bad lines inside one are dropped.
    ...(report && 'hardware' in report && { hardware: report.hardware }),
    ...(report && 'error' in report && { reportProblems: { refused: report.error } }),
    ...(report &&
      'dropped' in report &&
      report.dropped.length > 0 && { reportProblems: { droppedLines: report.dropped } }),
  };
}

/** A boot event's own revision: the event log is ordered, so any event is a point to resume after. */
export const bootResumeAt = (e: WatchEventsResponse): bigint | undefined => e.event?.revision;

/** `arch=x86_64` in a phone-home's status text (the booted system's `uname -m`). */
export function architectureIn(detail: string): string {
  return /\barch[=:]\s*([A-Za-z0-9_]{1,16})/.exec(detail)?.[1] ?? '';
}
