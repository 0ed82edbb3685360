/**
 * One datagram to a Unix socket by path, which Node's dgram cannot send (it has no AF_UNIX
 * datagrams): what systemd's notify protocol needs (`sd_notify`, NOTIFY_SOCKET). A path that
 * starts with `@` names a socket in the abstract namespace, as systemd writes it.
 */
import { C, check, sys } from './libc.ts';

const AF_UNIX = 1;
/** sizeof(struct sockaddr_un): the family and 108 bytes of path. */
const SOCKADDR_UN = 110;

export function encodeSockaddrUn(path: string): Uint8Array {
  const name = Buffer.from(path.startsWith('@') ? `\0${path.slice(1)}` : path);
  if (name.length === 0 || name.length >= SOCKADDR_UN - 2)
    throw new RangeError(`bad unix socket path ${JSON.stringify(path)}`);
  const addr = new Uint8Array(2 + name.length + (path.startsWith('@') ? 0 : 1));
  new DataView(addr.buffer).setUint16(0, AF_UNIX, true);
  addr.set(name, 2);
  return addr;
}

export function sendUnixDatagram(path: string, message: Uint8Array): void {
  const addr = encodeSockaddrUn(path);
  const fd = check(sys.socket(AF_UNIX, C.SOCK_DGRAM | C.SOCK_CLOEXEC, 0), 'socket AF_UNIX');
  try {
    check(sys.sendto(fd, message, message.length, 0, addr, addr.length), `send to ${path}`);
  } finally {
    sys.close(fd);
  }
}
