import { createHash } from 'node:crypto';
import type * as http from 'node:http';
import type { AuthVerdict, HttpRoute } from '@paddock/runtime';
import type { KeyAuthority } from './key-authority.ts';

/** What a service joined to this authority must follow: the CAs to trust and the revoked serials. */
export interface TrustState {
  /** Changes whenever the bundle or the revoked serials do (a long poll waits for that). */
  version: string;
  caBundlePem: string;
  revokedSerials: string[];
}

const LONG_POLL_MS = 50_000;

export function trustState(ka: KeyAuthority): TrustState {
  const revokedSerials = ka.revoked.x509Serials().sort();
  const version = createHash('sha256')
    .update(ka.caBundlePem)
    .update(revokedSerials.join(','))
    .digest('hex')
    .slice(0, 16);
  return { version, caBundlePem: ka.caBundlePem, revokedSerials };
}

/**
 * GET /keys/v1/trust[?known=VERSION] for the holder of a node or admin certificate (a service
 * that joined with `--keys-join`): the CA bundle and the revoked X.509 serials, as JSON. With
 * `known` equal to the current version it waits (up to 50 s) for the next revocation, so a
 * service that keeps asking learns of one at once and refuses the certificate as this server does.
 */
export function trustRoute(
  ka: KeyAuthority,
  authenticate: (req: http.IncomingMessage) => AuthVerdict,
  shutdown: AbortSignal,
): HttpRoute {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'https://x');
    if (url.pathname !== '/keys/v1/trust') return false;
    const who = authenticate(req);
    if (!who.ok) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end(`${who.reason}\n`);
      return true;
    }
    const known = url.searchParams.get('known');
    if (known && known === trustState(ka).version) await nextRevocation(ka, res, shutdown);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(trustState(ka)));
    return true;
  };
}

/** Resolves at the next revocation, after the long-poll time, or when the caller or server goes. */
function nextRevocation(ka: KeyAuthority, res: http.ServerResponse, shutdown: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stop();
      shutdown.removeEventListener('abort', done);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, LONG_POLL_MS);
    const stop = ka.onRevoke(done);
    shutdown.addEventListener('abort', done, { once: true });
    // The response's close: the caller went away (a request's close fires once its body is read).
    res.once('close', done);
  });
}
