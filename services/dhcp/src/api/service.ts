import { DhcpServiceDefinition } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { service } from '@paddock/runtime';
import type { LiveConfig } from '../config/live-config.ts';
import type { DhcpServer } from '../server/dhcp-server.ts';
import type { DhcpStats } from '../server/stats.ts';
import { configRpcs } from './config-rpcs.ts';
import { leaseRpcs } from './lease-rpcs.ts';

/** paddock.dhcp.v1.DhcpService over a running server and its live configuration. */
export function dhcpService(server: DhcpServer, live: LiveConfig, stats: DhcpStats) {
  return service(DhcpServiceDefinition, { ...configRpcs(live), ...leaseRpcs(server, live, stats) });
}
