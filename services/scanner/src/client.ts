/**
 * Typed gRPC clients for other services (the inventory): watch nodes and wakes, wake a
 * machine, through the usual connect() of @paddock/runtime.
 */
import { ScannerServiceDefinition } from '@paddock/proto/scanner/v1/scanner.ts';
import { WakeServiceDefinition } from '@paddock/proto/scanner/v1/wake.ts';
import { type Client, type ConnectOptions, connect, createClient } from '@paddock/runtime';

export interface ScannerClients {
  scanner: Client<typeof ScannerServiceDefinition>;
  wake: Client<typeof WakeServiceDefinition>;
  close(): void;
}

export function scannerClients(opts: ConnectOptions): ScannerClients {
  const c = connect({ ...opts, service: opts.service ?? ScannerServiceDefinition.fullName });
  const scanner = createClient(ScannerServiceDefinition, c.address, c.credentials, c.options);
  const wake = createClient(WakeServiceDefinition, c.address, c.credentials, c.options);
  return {
    scanner,
    wake,
    close() {
      scanner.close();
      wake.close();
    },
  };
}
