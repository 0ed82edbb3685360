import { readFileSync } from 'node:fs';
import { ConsecutiveBreaker, circuitBreaker, handleWhen, isBrokenCircuitError, retry } from 'cockatiel';
import { GRPCUnavailableError, type IOptions, isRecoverableError } from 'etcd3';
import type { EtcdTls } from './store-url.ts';

/**
 * A member that did not take the call at all (refused, reset, no connection; not an answer
 * from etcd itself, whose errors say "etcdserver:"): another member can be asked at once.
 */
export function memberUnreachable(err: Error): boolean {
  return err instanceof GRPCUnavailableError && !err.message.includes('etcdserver:');
}

/**
 * A call that may go through if sent again: no answer in time, no leader, no member reachable
 * (every circuit open). Whether the first send was applied is unknown: the caller's write must
 * be guarded (a compare on a mod revision) so that at most one send takes effect.
 */
export function worthResending(err: unknown): boolean {
  return isBrokenCircuitError(err) || (err instanceof Error && isRecoverableError(err));
}

/**
 * etcd3 client options for endpoints, with TLS when files are given (read here, once, so a
 * missing file is an error at start naming it, not a failed handshake later).
 *
 * Fault handling: etcd3's default opens a member's circuit for 5 s after three failures of any
 * recoverable kind, and while a new leader is elected every member times out calls, so all
 * circuits opened and every call failed at once for 5 s after etcd had recovered. Here only a
 * member that cannot be reached counts (two in a row keep it out for a second), and a call it
 * refused goes to another member at once; calls that time out are the caller's to send again.
 */
export function connectOptions(endpoints: readonly string[], tls: EtcdTls | undefined, dialTimeout: number): IOptions {
  const scheme = tls ? 'https' : 'http';
  const unreachable = handleWhen(memberUnreachable);
  const opts: IOptions = {
    hosts: endpoints.map((e) => `${scheme}://${e}`),
    dialTimeout,
    faultHandling: {
      host: () => circuitBreaker(unreachable, { halfOpenAfter: 1_000, breaker: new ConsecutiveBreaker(2) }),
      global: retry(unreachable, { maxAttempts: Math.max(1, endpoints.length - 1) }),
    },
  };
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
