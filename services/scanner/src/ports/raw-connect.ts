/**
 * connect(2) probes straight through libc (koffi), as nmap -sT does: a non-blocking socket,
 * connect, a libuv poll for writability, SO_ERROR for the verdict, and SO_LINGER {on, 0} so
 * close sends a RST and leaves no TIME_WAIT behind. A Node net.Socket per probe costs several
 * times more (a stream object, and an Error with a stack trace for every closed port), which
 * made a 10 000-probe scan twice as slow as nmap's. The socket is made synchronously, so a
 * `netns` makes it inside that namespace.
 */
import { performance } from 'node:perf_hooks';
import { withNetns } from '@paddock/netio';
import { ipv4ToBytes } from '@paddock/wire';
import koffi from 'koffi';
import { errno as lastErrno, sys } from './libc.ts';
import type { ProbeResult } from './probe-result.ts';

const AF_INET = 2;
const SOCK_STREAM_NONBLOCK_CLOEXEC = 1 | 0o4000 | 0o2000000;
const SOL_SOCKET = 1;
const SO_ERROR = 4;
const SO_LINGER = 13;
const LINGER_RST = Int32Array.of(1, 0);
const ERRNO = {
  EINPROGRESS: 115,
  EALREADY: 114,
  EISCONN: 106,
  ECONNREFUSED: 111,
  EHOSTUNREACH: 113,
  ENETUNREACH: 101,
  EACCES: 13,
};

/** What an errno from connect or SO_ERROR says about the port. */
export function verdictOf(errno: number): { state: ProbeResult['state']; reason: string } {
  switch (errno) {
    case 0:
    case ERRNO.EISCONN:
      return { state: 'open', reason: 'connected' };
    case ERRNO.ECONNREFUSED:
      return { state: 'closed', reason: 'refused' };
    case ERRNO.EHOSTUNREACH:
      return { state: 'filtered', reason: 'host-unreachable' };
    case ERRNO.ENETUNREACH:
      return { state: 'filtered', reason: 'net-unreachable' };
    case ERRNO.EACCES:
      return { state: 'filtered', reason: 'admin-prohibited' };
    default:
      return { state: 'filtered', reason: `errno-${errno}` };
  }
}

function sockaddrIn(ip: string, port: number): Uint8Array {
  const a = new Uint8Array(16);
  a[0] = AF_INET;
  a[2] = port >> 8;
  a[3] = port & 255;
  a.set(ipv4ToBytes(ip), 4);
  return a;
}

function openAndConnect(ip: string, port: number): { fd: number; errno: number } {
  const fd = sys.socket(AF_INET, SOCK_STREAM_NONBLOCK_CLOEXEC, 0) as number;
  if (fd < 0) throw new Error(`socket: errno ${lastErrno()}`);
  sys.setsockopt(fd, SOL_SOCKET, SO_LINGER, LINGER_RST, 8);
  const addr = sockaddrIn(ip, port);
  if ((sys.connect(fd, addr, 16) as number) === 0) return { fd, errno: 0 };
  const errno = lastErrno();
  if (errno !== ERRNO.EINPROGRESS) return { fd, errno };
  // On a LAN (and always between namespaces) the answer often arrives while connect is still in
  // the kernel: asking again tells EISCONN or ECONNREFUSED at once, and spares a poll handle.
  if ((sys.connect(fd, addr, 16) as number) === 0) return { fd, errno: 0 };
  const again = lastErrno();
  return { fd, errno: again === ERRNO.EALREADY ? ERRNO.EINPROGRESS : again };
}

export function rawConnectProbe(ip: string, port: number, timeoutMs: number, netns?: string): Promise<ProbeResult> {
  const started = performance.now();
  const result = (v: { state: ProbeResult['state']; reason: string }): ProbeResult => ({
    ip,
    port,
    protocol: 'tcp',
    ...v,
    rttMs: performance.now() - started,
  });
  const { fd, errno } =
    netns === undefined ? openAndConnect(ip, port) : withNetns(netns, () => openAndConnect(ip, port));
  if (errno !== ERRNO.EINPROGRESS) {
    sys.close(fd);
    return Promise.resolve(result(verdictOf(errno)));
  }
  return new Promise((resolve) => {
    const finish = (v: { state: ProbeResult['state']; reason: string }) => {
      clearTimeout(timer);
      poll.close();
      sys.close(fd);
      resolve(result(v));
    };
    const poll = koffi.node.poll(fd, { readable: false, writable: true, disconnect: false }, () => {
      const err = new Int32Array(1);
      sys.getsockopt(fd, SOL_SOCKET, SO_ERROR, err, Uint32Array.of(4));
      finish(verdictOf(err[0] ?? 0));
    });
    const timer = setTimeout(() => finish({ state: 'filtered', reason: 'no-response' }), timeoutMs);
  });
}
