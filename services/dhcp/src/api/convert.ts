import type * as pb from '@paddock/proto/dhcp/v1/dhcp.ts';
import { LeaseState } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { numberToIPv4 } from '@paddock/wire';
import { parseDoc, type ReservationDoc, reservationSchema, type SubnetDoc, subnetSchema } from '../config/schema.ts';
import { effectiveState, type Lease } from '../leases/lease.ts';
import { optionSettingFromText, optionSettingToText } from './option-text.ts';

/** proto3 has no "unset" for scalars: an empty string or a zero means "not given". */
const opt = <T>(v: T): T | undefined => (v === '' || v === 0 ? undefined : v);

export function subnetFromProto(s: pb.Subnet): SubnetDoc {
  return parseDoc(
    subnetSchema,
    {
      id: s.id,
      cidr: s.cidr,
      interface: opt(s.interface),
      pools: s.pools.map((p) => ({ first: p.first, last: p.last })),
      routers: s.routers,
      dnsServers: s.dnsServers,
      domainName: opt(s.domainName),
      domainSearch: s.domainSearch,
      ntpServers: s.ntpServers,
      classlessRoutes: s.classlessRoutes.map((r) => ({ destination: r.destination, router: r.router })),
      mtu: opt(s.mtu),
      leaseTimes: {
        defaultSeconds: opt(s.leaseTimes?.defaultSeconds ?? 0),
        minSeconds: opt(s.leaseTimes?.minSeconds ?? 0),
        maxSeconds: opt(s.leaseTimes?.maxSeconds ?? 0),
      },
      options: s.options.map(optionSettingFromText),
      boot: s.boot.map((b) => ({
        architectures: b.architectures,
        nextServer: opt(b.nextServer),
        bootFile: opt(b.bootFile),
        ipxeBootFile: opt(b.ipxeBootFile),
        httpUrl: opt(b.httpUrl),
        serverName: opt(b.serverName),
      })),
      serverAddress: opt(s.serverAddress),
      relayAddresses: s.relayAddresses,
      identifyByMac: s.identifyByMac,
      description: opt(s.description),
    },
    `subnet ${s.id || '(no id)'}`,
  );
}

export function subnetToProto(d: SubnetDoc): pb.Subnet {
  return {
    id: d.id,
    cidr: d.cidr,
    interface: d.interface ?? '',
    pools: d.pools,
    routers: d.routers,
    dnsServers: d.dnsServers,
    domainName: d.domainName ?? '',
    domainSearch: d.domainSearch,
    ntpServers: d.ntpServers,
    classlessRoutes: d.classlessRoutes,
    mtu: d.mtu ?? 0,
    leaseTimes: {
      defaultSeconds: d.leaseTimes.defaultSeconds ?? 0,
      minSeconds: d.leaseTimes.minSeconds ?? 0,
      maxSeconds: d.leaseTimes.maxSeconds ?? 0,
    },
    options: d.options.map(optionSettingToText),
    boot: d.boot.map((b) => ({
      architectures: b.architectures,
      nextServer: b.nextServer ?? '',
      bootFile: b.bootFile ?? '',
      ipxeBootFile: b.ipxeBootFile ?? '',
      httpUrl: b.httpUrl ?? '',
      serverName: b.serverName ?? '',
    })),
    serverAddress: d.serverAddress ?? '',
    relayAddresses: d.relayAddresses,
    identifyByMac: d.identifyByMac,
    description: d.description ?? '',
  };
}

export function reservationFromProto(r: pb.Reservation): ReservationDoc {
  return parseDoc(
    reservationSchema,
    {
      id: r.id,
      mac: opt(r.mac),
      clientId: opt(r.clientId),
      address: r.address,
      hostname: opt(r.hostname),
      options: r.options.map(optionSettingFromText),
      description: opt(r.description),
    },
    `reservation ${r.id || '(no id)'}`,
  );
}

export function reservationToProto(d: ReservationDoc): pb.Reservation {
  return {
    id: d.id,
    mac: d.mac ?? '',
    clientId: d.clientId ?? '',
    address: d.address,
    hostname: d.hostname ?? '',
    options: d.options.map(optionSettingToText),
    description: d.description ?? '',
  };
}

const STATES = {
  bound: LeaseState.LEASE_STATE_BOUND,
  released: LeaseState.LEASE_STATE_RELEASED,
  expired: LeaseState.LEASE_STATE_EXPIRED,
  declined: LeaseState.LEASE_STATE_DECLINED,
} as const;

export function stateFromProto(s: LeaseState): Lease['state'] | undefined {
  return (Object.keys(STATES) as Lease['state'][]).find((k) => STATES[k] === s);
}

export function leaseToProto(l: Lease, now: number): pb.Lease {
  return {
    address: numberToIPv4(l.address),
    mac: l.mac,
    clientId: l.clientId,
    hostname: l.hostname,
    subnetId: l.subnetId,
    state: STATES[effectiveState(l, now)],
    startsAtUnixMs: BigInt(l.startsAt),
    expiresAtUnixMs: BigInt(l.expiresAt),
    revision: BigInt(l.revision),
    relay: l.relay,
    interface: l.interface,
    vendorClass: l.vendorClass,
    architecture: l.architecture,
  };
}
