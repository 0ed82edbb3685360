import { BootServiceDefinition, type WatchEventsResponse } from '@paddock/proto/boot/v1/boot.ts';
import { DhcpServiceDefinition, type WatchLeasesResponse } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { ScannerServiceDefinition, type WatchNodesResponse } from '@paddock/proto/scanner/v1/scanner.ts';
import { WakeServiceDefinition, type WatchWakesResponse } from '@paddock/proto/scanner/v1/wake.ts';
import { type ConnectOptions, connect, createClient, type GenericServiceDefinition } from '@paddock/runtime';
import { bootReader } from './boot-reader.ts';
import { dhcpReader } from './dhcp-reader.ts';
import type { FeedSource, FeedStep } from './feed.ts';
import { scannerNodesReader, scannerWakesReader } from './scanner-reader.ts';

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
export function grpcFeedSources(t: FeedTargets): FeedSource<unknown>[] {
  const at = (server: string | undefined, def: GenericServiceDefinition): ConnectOptions => ({
    dataDir: t.dataDir,
    server,
    service: def.fullName,
  });
  return [
    source<WatchLeasesResponse>('dhcp', dhcpReader, (from, signal) =>
      stream(at(t.dhcp, DhcpServiceDefinition), DhcpServiceDefinition, (c) =>
        c.watchLeases({ fromRevision: from }, { signal }),
      ),
    ),
    source<WatchEventsResponse>('boot', bootReader, (from, signal) =>
      stream(at(t.boot, BootServiceDefinition), BootServiceDefinition, (c) =>
        c.watchEvents({ fromRevision: from, mac: '' }, { signal }),
      ),
    ),
    source<WatchNodesResponse>('scanner-nodes', scannerNodesReader, (from, signal) =>
      stream(at(t.scanner, ScannerServiceDefinition), ScannerServiceDefinition, (c) =>
        c.watchNodes({ fromRevision: from }, { signal }),
      ),
    ),
    source<WatchWakesResponse>('scanner-wakes', scannerWakesReader, (from, signal) =>
      stream(at(t.scanner, WakeServiceDefinition), WakeServiceDefinition, (c) =>
        c.watchWakes({ fromRevision: from }, { signal }),
      ),
    ),
  ] as FeedSource<unknown>[];
}

function source<E>(
  name: string,
  reader: () => (e: E) => FeedStep,
  open: (from: bigint, signal: AbortSignal) => AsyncIterable<E>,
): FeedSource<E> {
  return { name, reader, open };
}

/** Connects, streams, and closes the channel however the stream ends. */
async function* stream<D extends GenericServiceDefinition, E>(
  opts: ConnectOptions,
  def: D,
  call: (client: ReturnType<typeof createClient<D>>) => AsyncIterable<E>,
): AsyncGenerator<E> {
  const c = connect(opts);
  const client = createClient(def, c.address, c.credentials, c.options);
  try {
    yield* call(client);
  } finally {
    client.close();
  }
}
