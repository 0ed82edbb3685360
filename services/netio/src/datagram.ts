/**
 * A plain UDP socket for bulk senders (TFTP transfers): bound to an address, not to a device,
 * sending whole windows as one Batch (batch.ts) and receiving one datagram per recvfrom(2).
 */
import { type Batch, MSG_DONTWAIT, SOCKADDR } from './batch.ts';
import { FdSocket } from './fd-socket.ts';
import { decodeSockaddrIn, encodeSockaddrIn } from './kernel-structs.ts';
import { C, check, lastErrno, NetioError, setSocketBuffer, sys } from './libc.ts';
import { inNetns } from './netns.ts';

export { allocBody, Batch, MAX_SEGMENTS } from './batch.ts';
export type { NativeBlock } from './libc.ts';

/** Send buffer asked for: room for a whole window of large blocks. */
const SEND_BUFFER = 4 * 1024 * 1024;
/** The largest UDP payload over IPv4. */
const MAX_DATAGRAM = 65507;

export interface DatagramOptions {
  address: string;
  /** 0 lets the kernel pick (an ephemeral port, e.g. a TFTP transfer ID). */
  port: number;
  /** Open inside this network namespace (an `ip netns` name or a path), see withNetns. */
  netns?: string;
  /** Datagrams an async iterator may hold before dropping (default 1024). */
  queueLimit?: number;
}

export interface Datagram {
  data: Uint8Array;
  remote: { address: string; port: number };
}

const fromLength = new Uint32Array(1);

/**
 * One non-blocking recvfrom(2) into `buf`, the source address into `from` (a 16-byte
 * sockaddr_in); the datagram's length, or -1 when nothing is waiting. An ICMP error for an
 * earlier send (ECONNREFUSED) counts as nothing: for UDP it is a lost packet.
 */
export function receiveFrom(fd: number, buf: Uint8Array, from: Uint8Array): number {
  fromLength[0] = from.length;
  const n = Number(sys.recvfrom(fd, buf, buf.length, MSG_DONTWAIT, from, fromLength));
  if (n >= 0) return n;
  const errno = lastErrno();
  if (errno === C.EAGAIN || errno === C.EINTR || errno === C.ECONNREFUSED) return -1;
  throw new NetioError('recvfrom', errno);
}

/** One non-blocking sendto(2) to an encoded sockaddr_in; false when the queue was full. */
export function sendTo(fd: number, data: Uint8Array, to: Uint8Array): boolean {
  const n = Number(sys.sendto(fd, data, data.length, MSG_DONTWAIT, to, to.length));
  if (n >= 0) return true;
  const errno = lastErrno();
  if (errno === C.EAGAIN || errno === C.ENOBUFS || errno === C.ECONNREFUSED) return false;
  throw new NetioError(`sendto ${decodeSockaddrIn(to)?.address ?? '?'}`, errno);
}

export class DatagramSocket extends FdSocket<Datagram> {
  readonly address: string;
  readonly port: number;

  constructor(fd: number, opts: DatagramOptions) {
    super(fd, opts.queueLimit);
    const name = new Uint8Array(SOCKADDR);
    check(sys.getsockname(fd, name, Uint32Array.of(SOCKADDR)), 'getsockname');
    const local = decodeSockaddrIn(name);
    this.address = local?.address ?? opts.address;
    this.port = local?.port ?? opts.port;
    const buf = new Uint8Array(MAX_DATAGRAM);
    const from = new Uint8Array(SOCKADDR);
    this.start(() => {
      const n = receiveFrom(fd, buf, from);
      if (n < 0) return undefined;
      return { data: buf.slice(0, n), remote: decodeSockaddrIn(from) ?? { address: '0.0.0.0', port: 0 } };
    });
  }

  /** Sends one datagram from JS memory; false when the kernel's queue was full. */
  send(data: Uint8Array, address: string, port: number): boolean {
    return !this.closed && sendTo(this.fd, data, encodeSockaddrIn(address, port));
  }

  /** Sends a prepared batch; returns how many datagrams left. */
  sendBatch(batch: Batch): number {
    return this.closed ? 0 : batch.send(this.fd);
  }
}

/**
 * Makes a non-blocking UDP socket bound to `address:port` and returns its descriptor, for a
 * `DatagramSocket` made later, possibly on another thread (worker threads share descriptors).
 */
export function bindDatagram(opts: DatagramOptions): number {
  return inNetns(opts.netns, () => {
    const fd = check(sys.socket(C.AF_INET, C.SOCK_DGRAM | C.SOCK_NONBLOCK | C.SOCK_CLOEXEC, 0), 'socket');
    try {
      const addr = encodeSockaddrIn(opts.address, opts.port);
      check(sys.bind(fd, addr, addr.length), `bind ${opts.address}:${opts.port}`);
      // A window of 16 blocks of 8 KiB is ~200 KiB of socket memory, the default send buffer:
      // without room, sendmmsg sends part of a window and the rest waits for a retransmit.
      setSocketBuffer(fd, 'send', SEND_BUFFER);
      return fd;
    } catch (err) {
      sys.close(fd);
      throw err;
    }
  });
}

/** Opens a non-blocking UDP socket bound to `address:port`. */
export function openDatagram(opts: DatagramOptions): DatagramSocket {
  return new DatagramSocket(bindDatagram(opts), opts);
}
