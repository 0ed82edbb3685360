import { type DhcpServiceDefinition, LeaseState } from '@paddock/proto/dhcp/v1/dhcp.ts';
import {
  failedPrecondition,
  fromRevisionOf,
  invalidArgument,
  notFound,
  type ServiceImplementation,
  watch,
} from '@paddock/runtime';
import { ipv4ToNumber, isIPv4, numberToIPv4 } from '@paddock/wire';
import type { LiveConfig } from '../config/live-config.ts';
import { effectiveState } from '../leases/lease.ts';
import { withState } from '../policy/lease-row.ts';
import type { DhcpServer } from '../server/dhcp-server.ts';
import type { DhcpStats } from '../server/stats.ts';
import { leaseToProto, stateFromProto } from './convert.ts';
import { poolUsage } from './pool-usage.ts';
import { leaseSource } from './watch.ts';

type Impl = ServiceImplementation<typeof DhcpServiceDefinition>;

const tally = (t: Map<string, number>) => Object.fromEntries([...t].map(([k, v]) => [k, BigInt(v)]));

function addressOf(text: string): number {
  if (!isIPv4(text)) throw invalidArgument(`not an IPv4 address: ${JSON.stringify(text)}`);
  return ipv4ToNumber(text);
}

/** Leases (read, page, revoke, watch) and counters. */
export function leaseRpcs(
  server: DhcpServer,
  live: LiveConfig,
  stats: DhcpStats,
): Pick<Impl, 'listLeases' | 'getLease' | 'releaseLease' | 'watchLeases' | 'getStats'> {
  const table = server.leases;
  return {
    listLeases: (req) => {
      const size = Math.min(req.pageSize || 100, 1000);
      const after = req.pageToken ? Number(req.pageToken) : -1;
      if (!Number.isInteger(after)) throw invalidArgument(`bad page_token ${JSON.stringify(req.pageToken)}`);
      const state = req.state === LeaseState.LEASE_STATE_UNSPECIFIED ? undefined : stateFromProto(req.state);
      const q = req.query.toLowerCase();
      const now = Date.now();
      const rows = [...table.values()]
        .filter((l) => l.revision > 0 && l.address > after)
        .filter((l) => !req.subnetId || l.subnetId === req.subnetId)
        .filter((l) => !state || effectiveState(l, now) === state)
        .filter(
          (l) =>
            !q || [numberToIPv4(l.address), l.mac, l.clientId, l.hostname.toLowerCase()].some((f) => f.includes(q)),
        )
        .sort((a, b) => a.address - b.address);
      const page = rows.slice(0, size);
      const more = rows.length > size;
      return { leases: page.map((l) => leaseToProto(l, now)), nextPageToken: more ? String(page.at(-1)!.address) : '' };
    },
    getLease: (req) => {
      const l = table.get(addressOf(req.address));
      if (!l || l.revision === 0) throw notFound(`no lease for ${req.address}`);
      return { lease: leaseToProto(l, Date.now()) };
    },
    releaseLease: async (req) => {
      const address = addressOf(req.address);
      const l = table.get(address);
      const now = Date.now();
      if (!l) throw notFound(`no lease for ${req.address}`);
      if (effectiveState(l, now) !== 'bound')
        throw failedPrecondition(`${req.address} is not bound (it is ${effectiveState(l, now)})`);
      const released = withState(l, 'released', now);
      table.put(released);
      await server.commits.commit([released]);
      return { lease: leaseToProto(released, now) };
    },
    async *watchLeases(req, ctx) {
      for await (const e of watch(leaseSource(table), { fromRevision: fromRevisionOf(req), signal: ctx.signal })) {
        const lease = e.snapshot ?? e.change;
        yield { watch: e.watch, lease: lease && leaseToProto(lease, Date.now()) };
      }
    },
    getStats: () => ({
      received: tally(stats.received),
      sent: tally(stats.sent),
      dropped: tally(stats.dropped),
      probes: tally(stats.probes),
      pools: poolUsage(live.current, table, Date.now()),
      revision: BigInt(table.revision),
    }),
  };
}
