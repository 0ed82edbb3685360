/**
 * connect(2) probes straight through libc, as nmap -sT does: a non-blocking socket, connect, a
 * libuv poll for writability, SO_ERROR for the outcome, and SO_LINGER {on, 0} so close sends a
 * RST and leaves no TIME_WAIT behind. A Node net.Socket per probe costs several times more (a
 * stream object, and an Error with a stack trace for every closed port). The socket is made
 * synchronously, so a `netns` makes it inside that namespace.
 */
import { performance } from 'node:perf_hooks';
import koffi from 'koffi';
import { encodeSockaddrIn } from './kernel-structs.ts';
import { C, lastErrno, NetioError, sys } from './libc.ts';
import { withNetns } from './netns.ts';

const SO_ERROR = 4;
const SO_LINGER = 13;
const LINGER_RST = Int32Array.of(1, 0);
const EINPROGRESS = 115;
const EALREADY = 114;

export interface ConnectOutcome {
  /** connect's errno: 0 connected, ECONNREFUSED, EHOSTUNREACH...; undefined: no answer in time. */
  errno: number | undefined;
  rttMs: number;
}

function openAndConnect(ip: string, port: number): { fd: number; addr: Uint8Array; errno: number } {
  const fd = sys.socket(C.AF_INET, 1 /* SOCK_STREAM */ | C.SOCK_NONBLOCK | C.SOCK_CLOEXEC, 0) as number;
  if (fd < 0) throw new NetioError('socket', lastErrno());
  sys.setsockopt(fd, C.SOL_SOCKET, SO_LINGER, LINGER_RST, 8);
  const addr = encodeSockaddrIn(ip, port);
  if ((sys.connect(fd, addr, addr.length) as number) === 0) return { fd, addr, errno: 0 };
  const errno = lastErrno();
  if (errno !== EINPROGRESS) return { fd, addr, errno };
  // On a LAN (and always between namespaces) the answer often arrives while connect is still in
  // the kernel: asking again tells EISCONN or ECONNREFUSED at once, and spares a poll handle.
  return { fd, addr, errno: askAgain(fd, addr) };
}

/** connect(2) on a socket already connecting: 0 connected, EINPROGRESS still waiting, else its error. */
function askAgain(fd: number, addr: Uint8Array): number {
  if ((sys.connect(fd, addr, addr.length) as number) === 0) return 0;
  const errno = lastErrno();
  return errno === EALREADY ? EINPROGRESS : errno;
}

/** Tries a TCP connection to ip:port and says how it ended; the socket is always closed. */
export function connectProbe(ip: string, port: number, timeoutMs: number, netns?: string): Promise<ConnectOutcome> {
  const started = performance.now();
  const outcome = (errno: number | undefined) => ({ errno, rttMs: performance.now() - started });
  const { fd, addr, errno } =
    netns === undefined ? openAndConnect(ip, port) : withNetns(netns, () => openAndConnect(ip, port));
  if (errno !== EINPROGRESS) {
    sys.close(fd);
    return Promise.resolve(outcome(errno));
  }
  return new Promise((resolve) => {
    const finish = (e: number | undefined) => {
      clearTimeout(timer);
      poll.close();
      sys.close(fd);
      resolve(outcome(e));
    };
    const poll = koffi.node.poll(fd, { readable: false, writable: true, disconnect: false }, () => {
      const err = new Int32Array(1);
      sys.getsockopt(fd, C.SOL_SOCKET, SO_ERROR, err, Uint32Array.of(4));
      finish(err[0] ?? 0);
    });
    // A loaded event loop may run the timer before the poll that saw the answer: the kernel
    // is asked once more, so a port that did answer in time is not reported silent.
    const timer = setTimeout(() => {
      const late = askAgain(fd, addr);
      finish(late === EINPROGRESS ? undefined : late);
    }, timeoutMs);
  });
}
