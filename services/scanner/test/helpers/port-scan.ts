import type { PortScanOptions } from '@paddock/proto/scanner/v1/scanner.ts';

/** A port scan request as the tests send it: the server's defaults for everything not named. */
export function portScanOptions(
  targets: string[],
  ports: string,
  more: Partial<PortScanOptions> = {},
): PortScanOptions {
  return { targets, ports, protocols: [], tcpMethod: 0, concurrency: 0, timeoutMs: 0, udpRetries: 0, ...more };
}
