import { Counter, type Registry } from 'prom-client';
import type { EventsPart, NeighboursPart } from './parts.ts';
import type { TftpServer } from './tftp/server.ts';
import { DROP_REASONS } from './tftp/server-counters.ts';

/** TFTP transfers as boot events (per MAC, from the neighbour table) and Prometheus counters. */
export function wireTftpEvents(tftp: TftpServer, deps: EventsPart & NeighboursPart, registry: Registry): void {
  const transfers = new Counter({
    name: 'paddock_boot_tftp_transfers_total',
    help: 'TFTP transfers finished, by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const bytes = new Counter({
    name: 'paddock_boot_tftp_bytes_total',
    help: 'TFTP bytes acknowledged',
    registers: [registry],
  });
  const dropped = new Counter({
    name: 'paddock_boot_tftp_dropped_total',
    help: 'Datagrams on the TFTP request port not answered, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  // Every reason shows from the start (at 0), and no other label value can appear.
  for (const reason of DROP_REASONS) dropped.inc({ reason }, 0);
  tftp.on('dropped', (reason) => dropped.inc({ reason }));
  const mac = (ip: string) => deps.neighbours.macFor(ip);
  tftp.on('request', (e) => {
    const options = e.options.map((o) => `${o.name}=${o.value}`).join(' ');
    deps.events.record({
      kind: 'tftp-request',
      ip: e.client.address,
      mac: mac(e.client.address),
      file: e.filename,
      detail: options,
    });
  });
  tftp.on('complete', (e) => {
    transfers.inc({ outcome: e.outcome });
    bytes.inc(e.stats.bytes);
    // A UEFI size probe (tsize, then ERROR 8) is not a transfer: record it, marked as such.
    deps.events.record({
      kind: 'tftp-complete',
      ip: e.client.address,
      mac: mac(e.client.address),
      file: e.filename,
      bytes: e.stats.bytes,
      durationMs: e.stats.durationMs,
      detail: e.outcome === 'probe' ? 'size probe' : `${e.stats.retransmits} retransmits`,
    });
  });
  tftp.on('failed', (e) => {
    transfers.inc({ outcome: 'failed' });
    deps.events.record({
      kind: 'tftp-error',
      ip: e.client.address,
      mac: mac(e.client.address),
      file: e.filename,
      bytes: e.stats?.bytes ?? 0,
      durationMs: e.stats?.durationMs ?? 0,
      detail: e.reason,
    });
  });
}
