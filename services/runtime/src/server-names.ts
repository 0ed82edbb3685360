/** Where a server may listen and what its certificate names: checked and derived from the configuration. */
import { networkInterfaces } from 'node:os';
import { ConfigError } from './config.ts';
import { formatListen, isLoopback, isWildcard } from './listen.ts';
import type { RuntimeConfig } from './module.ts';

export function refuseInsecureOffLoopback(config: RuntimeConfig): void {
  for (const [key, a] of [
    ['grpc-listen', config.grpcListen],
    ['http-listen', config.httpListen],
  ] as const) {
    if (!isLoopback(a.host)) {
      throw new ConfigError(
        `--insecure serves without TLS or authentication and is for loopback development only, but --${key} is ${formatListen(a)}: use 127.0.0.1 or drop --insecure`,
      );
    }
  }
}

/** SANs for the server certificate: every name and address a client may use to reach us. */
export function certificateNames(config: RuntimeConfig): string[] {
  const names = new Set(['localhost', '127.0.0.1', '::1', config.hostname]);
  for (const a of [config.grpcListen, config.httpListen]) {
    if (!isWildcard(a.host)) names.add(a.host);
    else
      for (const list of Object.values(networkInterfaces()))
        for (const i of list ?? []) if (!i.address.startsWith('fe80')) names.add(i.address);
  }
  return [...names];
}

/** The address a client on this machine dials for a listener (a wildcard is reached on loopback). */
export const localHost = (host: string) => (host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host);
