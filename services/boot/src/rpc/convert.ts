import { ARCH_NAMES, type ArchName } from '@paddock/netboot';
import {
  type BootEvent,
  BootEventKind,
  type BootFile,
  type BootRule,
  type ClientArch,
  FileAccess,
  IpxeMatch,
  type BootAction as PbAction,
} from '@paddock/proto/boot/v1/boot.ts';
import type { BootEventRecord, EventKind } from '../events/event-log.ts';
import type { BootAction, Rule } from '../rules/rule.ts';
import type { FileAccess as Access, StoredFile } from '../store/file-store.ts';

// Proto enums and domain names, in one table each: ClientArch values follow ARCH_NAMES order.
const archToPb = (a: ArchName): ClientArch => (ARCH_NAMES.indexOf(a) + 1) as ClientArch;
const archFromPb = (a: ClientArch): ArchName | undefined => ARCH_NAMES[a - 1];

const ACCESS: [Access, FileAccess][] = [
  ['public', FileAccess.FILE_ACCESS_PUBLIC],
  ['admin', FileAccess.FILE_ACCESS_ADMIN],
  ['node', FileAccess.FILE_ACCESS_NODE],
];
export const accessToPb = (a: Access): FileAccess => ACCESS.find(([d]) => d === a)![1];
export const accessFromPb = (a: FileAccess): Access | undefined => ACCESS.find(([, p]) => p === a)?.[0];

const IPXE: ['any' | 'yes' | 'no', IpxeMatch][] = [
  ['any', IpxeMatch.IPXE_MATCH_ANY],
  ['yes', IpxeMatch.IPXE_MATCH_YES],
  ['no', IpxeMatch.IPXE_MATCH_NO],
];

export function fileToPb(f: StoredFile): BootFile {
  return {
    name: f.name,
    size: BigInt(f.size),
    sha256: f.sha256,
    access: accessToPb(f.access),
    nodeMac: f.nodeMac,
    updatedAtUnixMs: BigInt(f.updatedAt),
  };
}

function actionToPb(a: BootAction): PbAction {
  if (a.kind === 'file') return { kind: { $case: 'file', value: a.file } };
  if (a.kind === 'url') return { kind: { $case: 'url', value: a.url } };
  if (a.kind === 'script') return { kind: { $case: 'script', value: a.script } };
  return { kind: { $case: 'ignore', value: true } };
}

export function ruleToPb(r: Rule): BootRule {
  return {
    name: r.name,
    priority: r.priority,
    description: r.description,
    match: {
      macs: r.match.macs,
      archs: r.match.archs.map(archToPb),
      ipxe: IPXE.find(([d]) => d === r.match.ipxe)![1],
      labels: r.match.labels,
    },
    action: actionToPb(r.action),
  };
}

/** A proto rule as plain input for parseRule (which validates); unknown enum values fail there. */
export function ruleFromPb(r: BootRule): unknown {
  const k = r.action?.kind;
  const action =
    k?.$case === 'file'
      ? { kind: 'file', file: k.value }
      : k?.$case === 'url'
        ? { kind: 'url', url: k.value }
        : k?.$case === 'script'
          ? { kind: 'script', script: k.value }
          : k?.$case === 'ignore'
            ? { kind: 'ignore' }
            : undefined;
  return {
    name: r.name,
    priority: r.priority,
    description: r.description,
    match: {
      macs: r.match?.macs ?? [],
      archs: (r.match?.archs ?? []).map((a) => archFromPb(a) ?? `unknown arch ${a}`),
      ipxe: IPXE.find(([, p]) => p === r.match?.ipxe)?.[0] ?? 'any',
      labels: r.match?.labels ?? {},
    },
    action,
  };
}

const KIND_TO_PB: Record<EventKind, BootEventKind> = {
  'proxy-offer': BootEventKind.BOOT_EVENT_KIND_PROXY_OFFER,
  'proxy-ack': BootEventKind.BOOT_EVENT_KIND_PROXY_ACK,
  'dhcp-answer': BootEventKind.BOOT_EVENT_KIND_DHCP_ANSWER,
  'tftp-request': BootEventKind.BOOT_EVENT_KIND_TFTP_REQUEST,
  'tftp-complete': BootEventKind.BOOT_EVENT_KIND_TFTP_COMPLETE,
  'tftp-error': BootEventKind.BOOT_EVENT_KIND_TFTP_ERROR,
  'http-fetch': BootEventKind.BOOT_EVENT_KIND_HTTP_FETCH,
  'http-error': BootEventKind.BOOT_EVENT_KIND_HTTP_ERROR,
  'script-rendered': BootEventKind.BOOT_EVENT_KIND_SCRIPT_RENDERED,
  'phone-home': BootEventKind.BOOT_EVENT_KIND_PHONE_HOME,
};

export function eventToPb(e: BootEventRecord): BootEvent {
  return {
    revision: BigInt(e.revision),
    timeUnixMs: BigInt(e.time),
    mac: e.mac,
    ip: e.ip,
    kind: KIND_TO_PB[e.kind],
    file: e.file,
    bytes: BigInt(e.bytes),
    durationMs: e.durationMs,
    detail: e.detail,
    rule: e.rule,
    report: e.report,
  };
}

/** The short name of a proto event kind ("tftp-complete"), for people. */
export function eventKindName(kind: BootEventKind): string {
  return (Object.entries(KIND_TO_PB).find(([, v]) => v === kind)?.[0] as EventKind | undefined) ?? String(kind);
}
