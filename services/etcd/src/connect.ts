import { readFileSync } from 'node:fs';
import type { IOptions } from 'etcd3';
import type { EtcdTls } from './store-url.ts';

/**
 * etcd3 client options for endpoints, with TLS when files are given (read here, once, so a
 * missing file is an error at start naming it, not a failed handshake later).
 */
export function connectOptions(endpoints: readonly string[], tls: EtcdTls | undefined, dialTimeout: number): IOptions {
  const scheme = tls ? 'https' : 'http';
  const opts: IOptions = { hosts: endpoints.map((e) => `${scheme}://${e}`), dialTimeout };
  if (!tls) return opts;
  const read = (what: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new Error(`cannot read the etcd ${what} ${file}: ${(err as Error).message}`);
    }
  };
  opts.credentials = {
    rootCertificate: read('CA', tls.ca),
    ...(tls.cert && tls.key
      ? { certChain: read('client certificate', tls.cert), privateKey: read('client key', tls.key) }
      : {}),
  };
  return opts;
}
