import { DhcpServiceDefinition } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { type Client, connect, createClient } from '@paddock/runtime';
import { type ClientFlags, connectOptions } from '../client-options.ts';

export type DhcpClient = Client<typeof DhcpServiceDefinition>;

/** Runs `fn` with a DhcpService client for the server the flags point at, then closes it. */
export async function withDhcp<T>(flags: ClientFlags, fn: (c: DhcpClient) => Promise<T>): Promise<T> {
  const c = connect(connectOptions(flags, DhcpServiceDefinition.fullName));
  const client = createClient(DhcpServiceDefinition, c.address, c.credentials, c.options);
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}

export const csv = (v: string | undefined): string[] =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
