import type { IncomingMessage, ServerResponse } from 'node:http';
import { PaddockError } from '@paddock/runtime';
import type { FilesPart } from '../parts.ts';
import type { FileAccess } from '../store/file-store.ts';
import { sendFile } from './send-file.ts';

const PREFIX = '/boot/admin/files/';
const STATUS: Partial<Record<PaddockError['kind'], number>> = {
  invalidArgument: 400,
  notFound: 404,
  failedPrecondition: 409,
};

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
}

/**
 * File transfer for the web console on the authenticated HTTPS port: browsers cannot stream a
 * request body over gRPC-Web, so `PUT /boot/admin/files/NAME?access=&node=&sha256=` streams an
 * upload into the store (same checks as UploadFile) and GET downloads any file. Both need the
 * admin credential, checked by the runtime before anything is read.
 */
export function adminRoutes(deps: FilesPart, authorise: (req: IncomingMessage, res: ServerResponse) => boolean) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'https://console.invalid');
    if (!url.pathname.startsWith(PREFIX)) return false;
    if (!authorise(req, res)) return true;
    let name: string;
    try {
      name = decodeURIComponent(url.pathname.slice(PREFIX.length));
    } catch {
      json(res, 400, { error: 'bad file name encoding' });
      return true;
    }
    try {
      if (req.method === 'PUT') {
        const access = (url.searchParams.get('access') ?? 'public') as FileAccess;
        if (!['public', 'admin', 'node'].includes(access))
          throw new PaddockError('invalidArgument', `unknown access ${access}`);
        const file = await deps.files.write(
          { name, access, nodeMac: url.searchParams.get('node') ?? '', sha256: url.searchParams.get('sha256') ?? '' },
          req,
        );
        json(res, 200, file);
      } else if (req.method === 'GET' || req.method === 'HEAD') {
        const f = await deps.files.withBytes(name);
        res.setHeader(
          'content-disposition',
          `attachment; filename="${f.name.split('/').pop()!.replace(/["\\]/g, '_')}"`,
        );
        await sendFile(req, res, f, deps.files.blobPath(f));
      } else {
        res.writeHead(405, { allow: 'GET, HEAD, PUT' }).end();
      }
    } catch (err) {
      if (!(err instanceof PaddockError)) throw err;
      json(res, STATUS[err.kind] ?? 500, { error: err.message });
    }
    return true;
  };
}
