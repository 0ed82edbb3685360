import { BootServiceDefinition, type WatchEventsResponse } from '@paddock/proto/boot/v1/boot.ts';
import { DhcpServiceDefinition, type WatchLeasesResponse } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { ScannerServiceDefinition, type WatchNodesResponse } from '@paddock/proto/scanner/v1/scanner.ts';
import { WakeServiceDefinition, type WatchWakesResponse } from '@paddock/proto/scanner/v1/wake.ts';
import {
  type ConnectOptions,
  connect,
  createClient,
  type GenericServiceDefinition,
  WATCH_KEEPALIVE,
} from '@paddock/runtime';
import { bootObservation, bootResumeAt } from './boot-reader.ts';
import { dhcpObservation } from './dhcp-reader.ts';
import type { FeedSource, Watched } from './feed.ts';
import { scanObservation, wakeObservation } from './scanner-reader.ts';

export interface FeedTargets {
  /** Where run files, the CA and the admin token are (this server's own data dir). */
  dataDir: string;
  dhcp?: string | undefined;
  boot?: string | undefined;
  scanner?: string | undefined;
}

/**
 * The other services' watch streams over gRPC. Where each service is gets decided at every
 * (re)connect: an explicit address, or the run file of whichever server in the data dir offers
 * it — this very process under `paddock up`, or a `paddock dhcp serve` beside it.
 */
export function grpcFeedSources(t: FeedTargets): FeedSource<Watched>[] {
  const at = (server: string | undefined, def: GenericServiceDefinition): ConnectOptions => ({
    dataDir: t.dataDir,
    server,
    service: def.fullName,
  });
  const watch = (fromRevision: bigint) => ({ watch: { fromRevision } });
  return [
    {
      name: 'dhcp',
      observe: dhcpObservation,
      open: (from, signal) =>
        stream(at(t.dhcp, DhcpServiceDefinition), DhcpServiceDefinition, (c) => c.watchLeases(watch(from), { signal })),
    } satisfies FeedSource<WatchLeasesResponse>,
    {
      name: 'boot',
      observe: bootObservation,
      resumeAt: bootResumeAt,
      open: (from, signal) =>
        stream(at(t.boot, BootServiceDefinition), BootServiceDefinition, (c) =>
          c.watchEvents({ ...watch(from), mac: '' }, { signal }),
        ),
    } satisfies FeedSource<WatchEventsResponse>,
    {
      name: 'scanner-nodes',
      observe: scanObservation,
      open: (from, signal) =>
        stream(at(t.scanner, ScannerServiceDefinition), ScannerServiceDefinition, (c) =>
          c.watchNodes(watch(from), { signal }),
        ),
    } satisfies FeedSource<WatchNodesResponse>,
    {
      name: 'scanner-wakes',
      observe: wakeObservation,
      open: (from, signal) =>
        stream(at(t.scanner, WakeServiceDefinition), WakeServiceDefinition, (c) =>
          c.watchWakes(watch(from), { signal }),
        ),
    } satisfies FeedSource<WatchWakesResponse>,
  ] as FeedSource<Watched>[];
}

/** Connects (with keepalive), streams, and closes the channel however the stream ends. */
async function* stream<D extends GenericServiceDefinition, E>(
  opts: ConnectOptions,
  def: D,
  call: (client: ReturnType<typeof createClient<D>>) => AsyncIterable<E>,
): AsyncGenerator<E> {
  const c = connect(opts);
  const client = createClient(def, c.address, c.credentials, { ...c.options, ...WATCH_KEEPALIVE });
  try {
    yield* call(client);
  } finally {
    client.close();
  }
}
