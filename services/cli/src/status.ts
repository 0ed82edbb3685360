import { ClusterServiceDefinition, GetClusterResponse } from '@paddock/proto/cluster/v1/cluster.ts';
import { ServiceInfo, Status, SystemServiceDefinition, servingStatusToJSON } from '@paddock/proto/system/v1/system.ts';
import type { Client } from '@paddock/runtime';
import { Command } from 'commander';
import { type ClientFlags, connectTo, withClientOptions } from './client-options.ts';
import { clusterLines } from './cluster/cluster-lines.ts';
import { formatDuration, printFields, printJson } from './output.ts';

/** `paddock status`: what the server is and whether it is healthy. */
export function statusCommand(): Command {
  return withClientOptions(
    new Command('status').description('show a server: its services, addresses, health and uptime'),
  ).action(async (flags: ClientFlags) => {
    const server = await connectTo(flags);
    const client = server.client(SystemServiceDefinition);
    try {
      // Both at once: a one-shot verb's time is mostly waiting for answers.
      const [{ info }, status] = await Promise.all([client.getInfo({}, { deadlineMs: 10_000 }), firstStatus(client)]);
      // Servers that keep state in a store say which store, its members and who holds each role.
      let cluster: GetClusterResponse | undefined;
      if (info?.services.includes(ClusterServiceDefinition.fullName)) {
        const cc = server.client(ClusterServiceDefinition);
        try {
          cluster = await cc.getCluster({}, { deadlineMs: 10_000 });
        } finally {
          cc.close();
        }
      }
      if (flags.json)
        return printJson({
          info: info && ServiceInfo.toJSON(info),
          status: status && Status.toJSON(status),
          ...(cluster && { cluster: GetClusterResponse.toJSON(cluster) }),
        });
      printFields([
        ['server', `${info?.name} ${info?.version} on ${info?.hostname}`],
        ['grpc', info?.grpcAddress ?? ''],
        ['console', info?.httpAddress ?? ''],
        ['status', servingStatusToJSON(status?.serving ?? 0).replace('SERVING_STATUS_', '')],
        ['uptime', formatDuration(Number(status?.uptimeMs ?? 0))],
        ['services', (info?.services ?? []).join(', ')],
      ]);
      if (cluster) process.stdout.write(`${clusterLines(cluster).join('\n')}\n`);
    } finally {
      client.close();
    }
  });
}

/** The status a WatchStatus stream sends first; the stream is then cancelled. */
async function firstStatus(client: Client<typeof SystemServiceDefinition>): Promise<Status | undefined> {
  const stream = new AbortController();
  try {
    for await (const msg of client.watchStatus({ intervalMs: 0 }, { signal: stream.signal })) return msg.status;
    return undefined;
  } finally {
    stream.abort();
  }
}
