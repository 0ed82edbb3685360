import type * as http from 'node:http';
import { type AuthVerdict, type HttpRoute, PaddockError } from '@paddock/runtime';
import type { Issued, KeyAuthority } from './key-authority.ts';

const MAX_BODY = 32 * 1024;
const STATUS: Partial<Record<PaddockError['kind'], number>> = {
  invalidArgument: 400,
  unauthenticated: 401,
  permissionDenied: 403,
  notFound: 404,
  failedPrecondition: 409,
};

/**
 * Enrolment over plain HTTPS on the service's HTTP port, for a shell agent with curl and
 * openssl: POST /keys/v1/enroll (token, csr, ssh_host_key) with no credential but the token,
 * and POST /keys/v1/renew (csr, ssh_host_key) with the current identity as client
 * certificate. Forms (curl --data-urlencode name@file) or JSON are accepted. The answer is
 * JSON when asked for, else text sections ("# <file>" then its content) a shell splits with awk.
 */
export function enrolRoute(ka: KeyAuthority, authenticate: (req: http.IncomingMessage) => AuthVerdict): HttpRoute {
  return async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/keys/v1/ca.pem' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(ka.caBundlePem);
      return true;
    }
    if (path !== '/keys/v1/enroll' && path !== '/keys/v1/renew') return false;
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' }).end('use POST\n');
      return true;
    }
    try {
      const body = await readForm(req);
      const sshHostKey = body.get('ssh_host_key') || undefined;
      const csr = body.get('csr') ?? '';
      let issued: Issued;
      if (path === '/keys/v1/enroll')
        issued = await ka.enrol({
          token: body.get('token') ?? '',
          csr,
          sshHostKey,
          peer: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
        });
      else {
        const who = authenticate(req);
        if (!who.ok || !who.principal.startsWith('node:'))
          throw new PaddockError('unauthenticated', who.ok ? 'renewal needs a node identity certificate' : who.reason);
        issued = await ka.renew(who.principal.slice('node:'.length), { csr, sshHostKey });
      }
      if ((req.headers.accept ?? '').includes('application/json'))
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(issued));
      else res.writeHead(200, { 'content-type': 'text/plain' }).end(sections(issued));
    } catch (err) {
      if (!(err instanceof PaddockError)) throw err;
      res.writeHead(STATUS[err.kind] ?? 500, { 'content-type': 'text/plain' }).end(`${err.message}\n`);
    }
    return true;
  };
}

function sections(i: Issued): string {
  const files: Array<[string, string]> = [
    ['identity.crt', i.identityPem],
    ['ca.crt', i.caBundlePem],
    ['ssh_host_ed25519_key-cert.pub', i.sshHostCert],
    ['ssh_user_ca.pub', i.sshUserCaKey],
    ['ssh_host_ca.pub', i.sshHostCaKey],
    // The certificate's end as `openssl x509 -enddate` prints it, so the agent need not run openssl.
    ['not_after', opensslDate(i.notAfter)],
  ];
  return files
    .filter(([, text]) => text)
    .map(([name, text]) => `# ${name}\n${text.trimEnd()}\n`)
    .join('');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A time as OpenSSL prints a certificate's dates: `Dec  5 00:10:17 2026 GMT` (seconds, UTC). */
export function opensslDate(ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()} GMT`;
}

async function readForm(req: http.IncomingMessage): Promise<Map<string, string>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new PaddockError('invalidArgument', `request body over ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw new PaddockError('invalidArgument', 'request body is not valid JSON');
    }
    if (typeof doc !== 'object' || doc === null)
      throw new PaddockError('invalidArgument', 'request body must be a JSON object');
    return new Map(Object.entries(doc).filter((e): e is [string, string] => typeof e[1] === 'string'));
  }
  return new Map(new URLSearchParams(text));
}
