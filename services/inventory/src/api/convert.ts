import * as pb from '@paddock/proto/inventory/v1/inventory.ts';
import type { Hardware } from '../model/hardware.ts';
import type { Address, AddressSource, Firmware, LifecycleState, Node, PowerState } from '../model/node.ts';
import type { CreateInput, UpdatePatch } from '../model/node-input.ts';
import type { ChangeKind } from '../store/store.ts';

/** The model and the proto messages, both ways: the only place that knows both. */

const LIFECYCLE: Record<LifecycleState, pb.LifecycleState> = {
  discovered: pb.LifecycleState.LIFECYCLE_STATE_DISCOVERED,
  booting: pb.LifecycleState.LIFECYCLE_STATE_BOOTING,
  ready: pb.LifecycleState.LIFECYCLE_STATE_READY,
  off: pb.LifecycleState.LIFECYCLE_STATE_OFF,
  failed: pb.LifecycleState.LIFECYCLE_STATE_FAILED,
  maintenance: pb.LifecycleState.LIFECYCLE_STATE_MAINTENANCE,
  retired: pb.LifecycleState.LIFECYCLE_STATE_RETIRED,
};
const POWER: Record<PowerState, pb.PowerState> = {
  on: pb.PowerState.POWER_STATE_ON,
  off: pb.PowerState.POWER_STATE_OFF,
  unknown: pb.PowerState.POWER_STATE_UNSPECIFIED,
};
const FIRMWARE: Record<Firmware, pb.Firmware> = {
  bios: pb.Firmware.FIRMWARE_BIOS,
  uefi: pb.Firmware.FIRMWARE_UEFI,
  '': pb.Firmware.FIRMWARE_UNSPECIFIED,
};
const ADDRESS: Record<AddressSource, pb.AddressSource> = {
  dhcp: pb.AddressSource.ADDRESS_SOURCE_DHCP,
  scan: pb.AddressSource.ADDRESS_SOURCE_SCAN,
  boot: pb.AddressSource.ADDRESS_SOURCE_BOOT,
  static: pb.AddressSource.ADDRESS_SOURCE_STATIC,
};
const EVENT: Record<ChangeKind, pb.NodeEventKind> = {
  created: pb.NodeEventKind.NODE_EVENT_KIND_CREATED,
  updated: pb.NodeEventKind.NODE_EVENT_KIND_UPDATED,
  deleted: pb.NodeEventKind.NODE_EVENT_KIND_DELETED,
};

const reverse = <K extends string, V>(m: Record<K, V>) =>
  new Map([...Object.entries(m)].map(([k, v]) => [v as V, k as K]));
const LIFECYCLE_BACK = reverse(LIFECYCLE);
const FIRMWARE_BACK = reverse(FIRMWARE);
const ms = (n: number) => BigInt(Math.trunc(n));

export function lifecycleFromProto(s: pb.LifecycleState): LifecycleState | undefined {
  return LIFECYCLE_BACK.get(s);
}

export function firmwareFromProto(f: pb.Firmware): Firmware {
  return FIRMWARE_BACK.get(f) ?? '';
}

export function nodeToProto(n: Node): pb.Node {
  return {
    id: n.id,
    name: n.name,
    labels: n.labels,
    nics: n.nics.map((x) => ({ mac: x.mac, vendor: x.vendor })),
    addresses: n.addresses.map(addressToProto),
    architecture: n.architecture,
    firmware: FIRMWARE[n.firmware],
    vendor: n.vendor,
    provider: { name: n.provider.name, options: publicOptions(n.provider.options) },
    power: {
      desired: POWER[n.power.desired],
      observed: POWER[n.power.observed],
      observedAtUnixMs: ms(n.power.observedAt),
      lastError: n.power.lastError,
      failures: n.power.failures,
      nextAttemptAtUnixMs: ms(n.power.nextAttemptAt),
      changedAtUnixMs: ms(n.power.changedAt),
    },
    lifecycle: {
      state: LIFECYCLE[n.lifecycle.state],
      sinceUnixMs: ms(n.lifecycle.since),
      history: n.lifecycle.history.map((h) => ({
        state: LIFECYCLE[h.state],
        atUnixMs: ms(h.at),
        reason: h.reason,
        source: h.source,
      })),
    },
    bootRule: n.bootRule,
    description: n.description,
    createdAtUnixMs: ms(n.createdAt),
    updatedAtUnixMs: ms(n.updatedAt),
    lastSeenUnixMs: ms(n.lastSeenAt),
    revision: n.revision,
    hardware: n.hardware && hardwareToProto(n.hardware),
  };
}

export function hardwareToProto(h: Hardware): pb.Hardware {
  return {
    reportedAtUnixMs: ms(h.reportedAt),
    system: h.system,
    firmware: h.firmware,
    cpu: h.cpu,
    memory: { installedBytes: BigInt(h.memory.installedBytes), usableBytes: BigInt(h.memory.usableBytes) },
    disks: h.disks.map((d) => ({ ...d, sizeBytes: BigInt(d.sizeBytes) })),
    nics: h.nics.map((x) => ({ ...x })),
  };
}

function addressToProto(a: Address): pb.Address {
  return {
    ip: a.ip,
    mac: a.mac,
    source: ADDRESS[a.source],
    updatedAtUnixMs: ms(a.updatedAt),
    expiresAtUnixMs: ms(a.expiresAt),
  };
}

export function createFromProto(r: pb.CreateNodeRequest): CreateInput {
  return {
    name: r.name.trim(),
    labels: r.labels,
    macs: r.macs,
    provider: { name: r.provider?.name.trim() ?? '', options: r.provider?.options ?? {} },
    bootRule: r.bootRule,
    description: r.description,
    architecture: r.architecture,
    firmware: firmwareFromProto(r.firmware),
  };
}

export function patchFromProto(r: pb.UpdateNodeRequest): UpdatePatch {
  return {
    name: r.name,
    description: r.description,
    bootRule: r.bootRule,
    setLabels: r.setLabels,
    removeLabels: r.removeLabels,
    addMacs: r.addMacs,
    removeMacs: r.removeMacs,
    architecture: r.architecture,
    firmware: r.firmware === pb.Firmware.FIRMWARE_UNSPECIFIED ? undefined : firmwareFromProto(r.firmware),
  };
}

/** A CHANGE's kind; unspecified for a SNAPSHOT item. */
export function changeKindToProto(kind: ChangeKind | undefined): pb.NodeEventKind {
  return kind ? EVENT[kind] : pb.NodeEventKind.NODE_EVENT_KIND_UNSPECIFIED;
}

/** Provider options minus sealed secrets (a BMC password): those never leave the server. */
export function publicOptions(options: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(options).filter(([k]) => !k.startsWith('sealed_')));
}
