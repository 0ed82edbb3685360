import type * as http from 'node:http';

/**
 * Whether a request's Host names this machine's loopback. Without credentials (--insecure) the
 * loopback listen address is the only protection, and DNS rebinding defeats it: a page from
 * attacker.example re-resolves its name to 127.0.0.1 and its requests carry
 * `Host: attacker.example`. Loopback names are all a local browser legitimately sends. A
 * request without Host (HTTP/1.0 tools) comes from no browser and is let through.
 */
export function loopbackHost(req: http.IncomingMessage): boolean {
  const raw = req.headers.host ?? (req.headers[':authority'] as string | undefined);
  if (raw === undefined) return true;
  const host = raw
    .toLowerCase()
    .replace(/:\d+$/, '')
    .replace(/^\[(.*)\]$/, '$1');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') || // RFC 6761 §6.3: always loopback
    host === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}
