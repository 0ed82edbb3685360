import { Counter, type Registry } from 'prom-client';
import type { BootDeps } from './deps.ts';
import type { TftpServer } from './tftp/server.ts';

/** TFTP transfers as boot events (per MAC, from the neighbour table) and Prometheus counters. */
export function wireTftpEvents(tftp: TftpServer, deps: BootDeps, registry: Registry): void {
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
