/**
 * The few libc calls the port scanner makes itself (netio covers the rest): a connect(2) probe
 * and a bigger receive buffer for packet sockets.
 */
import koffi from 'koffi';

const libc = koffi.load('libc.so.6');

export const sys = {
  socket: libc.func('int socket(int domain, int type, int protocol)'),
  connect: libc.func('int connect(int fd, const void *addr, uint32_t len)'),
  setsockopt: libc.func('int setsockopt(int fd, int level, int name, const void *value, uint32_t len)'),
  getsockopt: libc.func('int getsockopt(int fd, int level, int name, void *value, void *len)'),
  close: libc.func('int close(int fd)'),
};

export const errno = (): number => koffi.errno();

const SOL_SOCKET = 1;
const SO_RCVBUF = 8;
const SO_RCVBUFFORCE = 33;

/**
 * Raises a socket's receive buffer (socket(7)): a SYN scan's replies come in bursts of
 * hundreds, more than the default ~200 KB holds as frames. SO_RCVBUFFORCE passes
 * net.core.rmem_max with CAP_NET_ADMIN; without it SO_RCVBUF gets what the limit allows.
 */
export function growReceiveBuffer(fd: number, bytes: number): void {
  const value = Int32Array.of(bytes);
  if ((sys.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, value, 4) as number) < 0) {
    sys.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, value, 4);
  }
}
