import { DhcpServiceDefinition } from '@paddock/proto/dhcp/v1/dhcp.ts';
import type { Client } from '@paddock/runtime';
import { withClientOf } from '../client-options.ts';

export type DhcpClient = Client<typeof DhcpServiceDefinition>;

/** Runs `fn` with a DhcpService client for the server the flags point at, then closes it. */
export const withDhcp = withClientOf(DhcpServiceDefinition);

export const csv = (v: string | undefined): string[] =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
