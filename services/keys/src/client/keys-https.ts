import * as https from 'node:https';
import { PaddockError } from '@paddock/runtime';
import type { TrustState } from '../server/http-trust.ts';

/** What the keys service answers an enrolment or renewal with (`Accept: application/json`). */
export interface IssuedJson {
  node: string;
  identityPem: string;
  identitySerial: string;
  notAfter: number;
  caBundlePem: string;
}

/** How this side calls the keys service's HTTPS port: the CA to trust and, once enrolled, its identity. */
export interface KeysTls {
  ca?: string;
  cert?: string;
  key?: string;
}

const MAX_ANSWER = 256 * 1024;

/**
 * One HTTPS request to the keys service. Without `tls.ca` the server is not verified: only for
 * the CA bundle, which the caller then checks against the fingerprint it was given.
 */
export function keysRequest(
  url: string,
  path: string,
  tls: KeysTls,
  o: { body?: unknown; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const body = o.body === undefined ? undefined : JSON.stringify(o.body);
    const req = https.request(
      new URL(path, url),
      {
        method: body === undefined ? 'GET' : 'POST',
        headers: { accept: 'application/json', ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(tls.ca ? { ca: tls.ca } : { rejectUnauthorized: false }),
        ...(tls.cert && tls.key ? { cert: tls.cert, key: tls.key } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
        timeout: o.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_ANSWER) req.destroy(new Error(`answer over ${MAX_ANSWER} bytes`));
          else chunks.push(c);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode === 200) return resolve(text);
          const kind = res.statusCode === 401 || res.statusCode === 403 ? 'permissionDenied' : 'unavailable';
          reject(new PaddockError(kind, `keys service at ${url} answered ${res.statusCode}: ${text.trim()}`));
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer in time')));
    req.on('error', (err) => reject(new PaddockError('unavailable', `keys service at ${url}: ${err.message}`)));
    req.end(body);
  });
}

export async function postIssued(url: string, path: string, tls: KeysTls, body: unknown): Promise<IssuedJson> {
  return JSON.parse(await keysRequest(url, path, tls, { body })) as IssuedJson;
}

/** The CA bundle and revoked serials; with `known`, waits for them to change (a long poll). */
export async function getTrust(url: string, tls: KeysTls, known: string, signal: AbortSignal): Promise<TrustState> {
  const path = known ? `/keys/v1/trust?known=${encodeURIComponent(known)}` : '/keys/v1/trust';
  return JSON.parse(await keysRequest(url, path, tls, { signal, timeoutMs: 90_000 })) as TrustState;
}
