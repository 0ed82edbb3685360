/**
 * sendfile(2) from a file to a plain TCP socket, on the loop thread, without blocking: the
 * kernel copies page-cache pages straight into the socket, so a large HTTP body costs no reads
 * into JS memory. The socket descriptor is dup'ed so libuv's own watch on it is left alone;
 * when the send queue is full, a uv_poll on the duplicate waits for room.
 */
import koffi from 'koffi';
import { C, lastErrno, NetioError, sys } from './libc.ts';

/** Bytes per call: enough to fill any send buffer, small enough to let the loop breathe. */
const STEP = 4 << 20;

export interface SendFileOptions {
  /** Gives up when the socket takes nothing for this long (a stalled client). */
  idleMs?: number;
}

/**
 * Sends `length` bytes of `fileFd` from `offset` into `socketFd`; resolves with the bytes sent
 * (fewer when the file is shorter), rejects with a NetioError when the peer goes away.
 */
export function sendFileTo(
  socketFd: number,
  fileFd: number,
  offset: number,
  length: number,
  opts: SendFileOptions = {},
): Promise<number> {
  const fd = Number(sys.dup(socketFd));
  if (fd < 0) return Promise.reject(new NetioError('dup', lastErrno()));
  const pos = BigInt64Array.of(BigInt(offset));
  let sent = 0;
  return new Promise<number>((resolve, reject) => {
    let poll: ReturnType<typeof koffi.node.poll> | undefined;
    let idle: NodeJS.Timeout | undefined;
    const done = (err: Error | undefined) => {
      poll?.close();
      clearTimeout(idle);
      sys.close(fd);
      if (err) reject(err);
      else resolve(sent);
    };
    const pump = () => {
      while (sent < length) {
        const n = Number(sys.sendfile(fd, fileFd, pos, Math.min(STEP, length - sent)));
        if (n > 0) {
          sent += n;
          continue;
        }
        if (n === 0) return done(undefined); // end of file: the file shrank
        const errno = lastErrno();
        if (errno === C.EINTR) continue;
        if (errno !== C.EAGAIN) return done(new NetioError('sendfile', errno));
        poll ??= koffi.node.poll(fd, { writable: true }, () => pump());
        clearTimeout(idle);
        idle = setTimeout(() => done(new NetioError('sendfile (idle)', C.EAGAIN)), opts.idleMs ?? 60_000);
        return;
      }
      done(undefined);
    };
    pump();
  });
}
