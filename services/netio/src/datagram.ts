/**
 * A plain UDP socket for bulk senders (TFTP transfers): bound to an address, not to a device,
 * with scatter-gather batches sent by one sendmmsg(2). Each datagram is a small header (written
 * into native memory by the caller) followed by a body that already lives in native memory, so
 * a window of blocks costs one system call and no copies in JS.
 */
import { endianness } from 'node:os';
import { FdSocket } from './fd-socket.ts';
import { decodeSockaddrIn, encodeSockaddrIn } from './kernel-structs.ts';
import { allocNative, C, check, lastErrno, type NativeBlock, NetioError, setSocketBuffer, sys } from './libc.ts';
import { inNetns } from './netns.ts';

export type { NativeBlock } from './libc.ts';

const LE = endianness() === 'LE';
const MSG_DONTWAIT = 0x40;
/** struct mmsghdr: struct msghdr (56 bytes) + unsigned msg_len, padded to 64. */
const MMSGHDR = 64;
const IOVEC = 16;
const SOCKADDR = 16;
/** Send buffer asked for: room for a whole window of large blocks. */
const SEND_BUFFER = 4 * 1024 * 1024;
/** The largest UDP payload over IPv4. */
const MAX_DATAGRAM = 65507;
/** struct msghdr, then one cmsghdr with a 16-bit UDP_SEGMENT value (CMSG_SPACE(2) = 24). */
const MSGHDR = 56;
const GSO_CMSG = 24;
const SOL_UDP = 17;
const UDP_SEGMENT = 103;
/** The kernel's UDP_MAX_SEGMENTS. */
export const MAX_SEGMENTS = 64;

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

function setU64(v: DataView, at: number, n: number): void {
  v.setUint32(at + (LE ? 0 : 4), n >>> 0, LE);
  v.setUint32(at + (LE ? 4 : 0), Math.floor(n / 0x1_0000_0000), LE);
}

/** Native memory the caller fills and hands to `sendBatch` as datagram bodies. */
export function allocBody(size: number): NativeBlock {
  return allocNative(size);
}

/**
 * The native side of one batch: `capacity` mmsghdrs, each with two iovecs (header, body), a
 * header slot of `headerSize` bytes per datagram, and one destination address for all.
 */
export class Batch {
  readonly capacity: number;
  readonly headerSize: number;
  readonly #block: NativeBlock;
  readonly #headers: number;
  readonly #addr: number;
  readonly #gso: number;
  #count = 0;
  #bytes = 0;

  constructor(capacity: number, headerSize: number) {
    this.capacity = capacity;
    this.headerSize = headerSize;
    const iovs = capacity * MMSGHDR;
    this.#addr = iovs + capacity * 2 * IOVEC;
    this.#headers = this.#addr + SOCKADDR;
    this.#gso = Math.ceil((this.#headers + capacity * headerSize) / 8) * 8;
    this.#block = allocNative(this.#gso + MSGHDR + GSO_CMSG);
    this.#block.bytes.fill(0);
    const v = this.#block.view;
    const base = this.#block.ptr;
    for (let i = 0; i < capacity; i++) {
      const m = i * MMSGHDR;
      const iov = iovs + i * 2 * IOVEC;
      v.setBigUint64(m, base + BigInt(this.#addr), LE);
      v.setUint32(m + 8, SOCKADDR, LE);
      v.setBigUint64(m + 16, base + BigInt(iov), LE);
      v.setBigUint64(m + 24, 2n, LE);
      v.setBigUint64(iov, base + BigInt(this.#headers + i * headerSize), LE);
      v.setBigUint64(iov + 8, BigInt(headerSize), LE);
    }
    // One msghdr over all the batch's iovecs (they are contiguous), for segmentation offload.
    v.setBigUint64(this.#gso, base + BigInt(this.#addr), LE);
    v.setUint32(this.#gso + 8, SOCKADDR, LE);
    v.setBigUint64(this.#gso + 16, base + BigInt(iovs), LE);
    v.setBigUint64(this.#gso + 32, base + BigInt(this.#gso + MSGHDR), LE);
    v.setBigUint64(this.#gso + 40, BigInt(GSO_CMSG), LE);
    v.setBigUint64(this.#gso + MSGHDR, 18n, LE); // CMSG_LEN(2)
    v.setInt32(this.#gso + MSGHDR + 8, SOL_UDP, LE);
    v.setInt32(this.#gso + MSGHDR + 12, UDP_SEGMENT, LE);
  }

  /** Sets where every datagram of the following batches goes. */
  destination(address: string, port: number): void {
    this.#block.bytes.set(encodeSockaddrIn(address, port), this.#addr);
  }

  /** Starts a new batch. */
  clear(): void {
    this.#count = 0;
    this.#bytes = 0;
  }

  /** Payload bytes in the batch (headers and bodies). */
  get bytes(): number {
    return this.#bytes;
  }

  get count(): number {
    return this.#count;
  }

  /** Appends a datagram; returns its header slot (a view into native memory) to fill in. */
  add(body: NativeBlock, offset: number, length: number): Uint8Array {
    const i = this.#count++;
    if (i >= this.capacity) throw new RangeError(`batch holds ${this.capacity} datagrams`);
    if (offset < 0 || length < 0 || offset + length > body.bytes.length) throw new RangeError('body out of bounds');
    const iov = this.capacity * MMSGHDR + i * 2 * IOVEC + IOVEC;
    // Number arithmetic (addresses fit in 53 bits): no BigInt allocated per datagram.
    setU64(this.#block.view, iov, body.address + offset);
    setU64(this.#block.view, iov + 8, length);
    this.#bytes += this.headerSize + length;
    const h = this.#headers + i * this.headerSize;
    return this.#block.bytes.subarray(h, h + this.headerSize);
  }

  /** sendmmsg(2) of the batch; returns how many left (fewer when the send queue is full). */
  send(fd: number): number {
    if (this.#count === 0) return 0;
    const n = Number(sys.sendmmsg(fd, this.#block.ptr, this.#count, MSG_DONTWAIT));
    if (n >= 0) return n;
    const errno = lastErrno();
    if (errno === C.EAGAIN || errno === C.ENOBUFS || errno === C.ECONNREFUSED) return 0;
    throw new NetioError('sendmmsg', errno);
  }

  /**
   * The whole batch as one UDP GSO send (UDP_SEGMENT, Linux 4.18+): the stack is crossed once
   * and the kernel cuts the payload into datagrams of `segment` bytes. Every datagram but the
   * last must be exactly that long, at most MAX_SEGMENTS of them, within one IP datagram.
   * Returns the datagrams sent (0: queue full), or -1 when the path does not offload (EIO,
   * EINVAL, EOPNOTSUPP) or a segment is larger than the path MTU (EMSGSIZE: datagrams that
   * need IP fragmentation cannot be offloaded): send with `send` instead.
   */
  sendSegmented(fd: number, segment: number): number {
    if (this.#count === 0) return 0;
    const v = this.#block.view;
    v.setBigUint64(this.#gso + 24, BigInt(2 * this.#count), LE);
    v.setUint16(this.#gso + MSGHDR + 16, segment, LE);
    const n = Number(sys.sendmsg(fd, this.#block.ptr + BigInt(this.#gso), MSG_DONTWAIT));
    if (n >= 0) return this.#count;
    const errno = lastErrno();
    if (errno === C.EAGAIN || errno === C.ENOBUFS || errno === C.ECONNREFUSED) return 0;
    if (errno === C.EIO || errno === C.EINVAL || errno === C.EOPNOTSUPP || errno === C.EMSGSIZE) return -1;
    throw new NetioError('sendmsg (UDP_SEGMENT)', errno);
  }

  free(): void {
    this.#block.free();
  }
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
