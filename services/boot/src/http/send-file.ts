import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { setImmediate as tick } from 'node:timers/promises';
import { TLSSocket } from 'node:tls';
import { sendFileTo } from '@paddock/netio';
import type { StoredFile } from '../store/file-store.ts';
import { contentType, planBody } from './range.ts';

export interface SendResult {
  status: number;
  bytes: number;
  complete: boolean;
}

/** Large reads: one syscall per MiB keeps a streamed body near disk or loopback speed. */
const CHUNK = 1 << 20;

/** The descriptor of a plain TCP socket (libuv exposes it on Linux); TLS has none to use. */
function plainFd(socket: Socket | null): number | undefined {
  if (!socket || socket instanceof TLSSocket) return undefined;
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : undefined;
}

/** Streams a stored file (or one range of it) with correct lengths; HEAD gets headers only. */
export async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  f: StoredFile,
  path: string,
): Promise<SendResult> {
  const header = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h);
  const plan = planBody(
    f.size,
    `"${f.sha256.slice(0, 32)}"`,
    header(req.headers.range),
    header(req.headers['if-range']),
  );
  res.writeHead(plan.status, { ...plan.headers, 'content-type': contentType(f.name), 'cache-control': 'no-cache' });
  if (plan.status === 416 || req.method === 'HEAD' || plan.end < plan.start) {
    res.end();
    return { status: plan.status, bytes: 0, complete: true };
  }
  const fd = plainFd(res.socket);
  const body = fd === undefined ? streamBody : zeroCopyBody(fd);
  const r = await body(res, path, plan.start, plan.end - plan.start + 1);
  return { status: plan.status, ...r };
}

type Body = (
  res: ServerResponse,
  path: string,
  start: number,
  length: number,
) => Promise<{ bytes: number; complete: boolean }>;

const streamBody: Body = async (res, path, start, length) => {
  let bytes = 0;
  const stream = createReadStream(path, { start, end: start + length - 1, highWaterMark: CHUNK });
  stream.on('data', (chunk) => {
    bytes += chunk.length;
  });
  try {
    await pipeline(stream, res);
    return { bytes, complete: true };
  } catch {
    // The client went away mid-file (firmware often reads a header, then closes): not an error.
    return { bytes, complete: false };
  }
};

/**
 * Plain HTTP (what firmware speaks): the headers go out through Node, then the body by
 * sendfile(2) straight from the page cache, as nginx does; about half the CPU of streaming.
 */
const zeroCopyBody =
  (socketFd: number): Body =>
  async (res, path, start, length) => {
    const fh = await open(path, 'r');
    try {
      res.flushHeaders();
      // The body must follow the headers: wait until Node has handed them to the kernel.
      while ((res.socket?.writableLength ?? 0) > 0 && !res.destroyed) await tick();
      if (res.destroyed) return { bytes: 0, complete: false };
      const bytes = await sendFileTo(socketFd, fh.fd, start, length);
      // A file that shrank under us cannot fill its Content-Length: cut the connection.
      if (bytes === length) res.end();
      else res.destroy();
      return { bytes, complete: bytes === length };
    } catch {
      res.destroy();
      return { bytes: 0, complete: false };
    } finally {
      await fh.close();
    }
  };
