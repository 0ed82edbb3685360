/**
 * Test helpers for policy: a configured environment and client messages, no sockets.
 * Used by the *.test.ts files beside it only.
 */

import {
  type DhcpMessage,
  emptyMessage,
  type MessageTypeName,
  messageType,
  OPTION,
  setMessageType,
  setOption,
} from '@paddock/dhcp-codec';
import type { BootAnswerProvider } from '@paddock/netboot';
import { ipv4ToNumber, macToBytes } from '@paddock/wire';
import { DhcpConfig } from '../config/config-state.ts';
import { parseDoc, type ReservationDoc, reservationSchema, type SubnetDoc, subnetSchema } from '../config/schema.ts';
import { DEFAULT_SETTINGS, type Settings } from '../config/settings.ts';
import { LeaseTable } from '../leases/lease-table.ts';
import { Allocator } from './allocator.ts';
import { applyEffects } from './apply.ts';
import { policyCaches } from './caches.ts';
import { handle } from './chain.ts';
import type { PolicyEnv, ProbeStatus, Received, Verdict } from './types.ts';

export const SERVER = '10.0.0.1';

export function subnetDoc(extra: Partial<Record<keyof SubnetDoc, unknown>> = {}): SubnetDoc {
  return parseDoc(
    subnetSchema,
    {
      id: 'lab',
      cidr: '10.0.0.0/24',
      pools: ['10.0.0.100-10.0.0.109'],
      routers: [SERVER],
      dnsServers: ['10.0.0.53'],
      ...extra,
    },
    'test subnet',
  );
}

export function reservationDoc(extra: Record<string, unknown>): ReservationDoc {
  return parseDoc(reservationSchema, { id: 'r1', ...extra }, 'test reservation');
}

export interface TestEnv extends PolicyEnv {
  probes: Map<number, ProbeStatus>;
  /** Runs one message through policy and applies its effects, like the shell minus I/O. */
  send(m: DhcpMessage, rx?: Partial<Received>): Verdict;
}

export function testEnv(
  opts: {
    subnets?: SubnetDoc[];
    reservations?: ReservationDoc[];
    settings?: Partial<Settings>;
    boot?: BootAnswerProvider;
  } = {},
): TestEnv {
  const probes = new Map<number, ProbeStatus>();
  const env: TestEnv = {
    config: new DhcpConfig(opts.subnets ?? [subnetDoc()], opts.reservations ?? []),
    settings: { ...DEFAULT_SETTINGS, ...opts.settings },
    leases: new LeaseTable(),
    allocator: new Allocator(),
    probeStatus: (a) => probes.get(a) ?? 'unknown',
    boot: opts.boot,
    caches: policyCaches(),
    now: 1_700_000_000_000,
    probes,
    send(m, rx = {}) {
      const v = handle(received(m, rx), env);
      if (v.kind !== 'wait-probe') applyEffects(v.kind === 'drop' ? (v.effects ?? []) : v.effects, env.leases);
      return v;
    },
  };
  return env;
}

export function received(m: DhcpMessage, rx: Partial<Received> = {}): Received {
  return {
    message: m,
    type: messageType(m) ?? 'DHCPDISCOVER',
    ifname: 'eth0',
    interfaceAddresses: [ipv4ToNumber(SERVER)],
    destination: '255.255.255.255',
    localAddress: SERVER,
    ...rx,
  };
}

/** A client message from `mac` with options set by name. */
export function clientMessage(
  type: MessageTypeName,
  mac: string,
  set: (m: DhcpMessage) => DhcpMessage = (m) => m,
): DhcpMessage {
  const chaddr = macToBytes(mac);
  return set(setMessageType({ ...emptyMessage(), xid: 0x1234, chaddr }, type));
}

export const requesting =
  (address: string, server = SERVER) =>
  (m: DhcpMessage) =>
    setOption(setOption(m, OPTION.requestedIp, address), OPTION.serverId, server);

export function replyOf(v: Verdict): DhcpMessage {
  if (v.kind !== 'reply')
    throw new Error(`expected a reply, got ${JSON.stringify(v, (_k, x) => (x instanceof Uint8Array ? [...x] : x))}`);
  return v.reply;
}
