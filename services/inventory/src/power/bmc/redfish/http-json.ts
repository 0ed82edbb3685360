import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpOptions {
  username: string;
  password: string;
  timeoutMs: number;
  /** BMCs ship self-signed certificates: the user opts out of verification per node. */
  verifyTls: boolean;
}

export interface HttpAnswer {
  status: number;
  location: string | undefined;
  retryAfterS: number | undefined;
  /** The parsed body; undefined when empty; a string when it was not JSON. */
  body: unknown;
}

/** The largest body read from a BMC: every Redfish resource Paddock reads is a few kB. */
const MAX_BODY = 1 << 20;

/**
 * One HTTP exchange with a Redfish service, Basic authentication, JSON both ways; the only I/O
 * of the Redfish client. Rejects only when no answer came (refused, reset, timeout).
 */
export function httpJson(method: string, url: URL, body: unknown, o: HttpOptions): Promise<HttpAnswer> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const headers: Record<string, string> = {
    accept: 'application/json',
    authorization: `Basic ${Buffer.from(`${o.username}:${o.password}`).toString('base64')}`,
    'odata-version': '4.0',
  };
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method, headers, timeout: o.timeoutMs, rejectUnauthorized: o.verifyTls }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) req.destroy(new Error(`answer larger than ${MAX_BODY} bytes`));
        else chunks.push(c);
      });
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const retry = Number(res.headers['retry-after']);
        resolve({
          status: res.statusCode ?? 0,
          location: res.headers.location,
          retryAfterS: Number.isFinite(retry) ? retry : undefined,
          body: parse(text),
        });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${(o.timeoutMs / 1000).toFixed(1)} s`)));
    req.on('error', reject);
    req.end(payload);
  });
}

function parse(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
