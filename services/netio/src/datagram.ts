/**
 * A plain UDP socket for bulk senders (TFTP transfers): bound to an address, not to a device,
 * with scatter-gather batches sent by one sendmmsg(2). Each datagram is a small header (written
 * into native memory by the caller) followed by a body that already lives in native memory, so
 * a window of blocks costs one system call and no copies in JS.
 */
import { endianness } from 'node:os';
import { FdSocket } from './fd-socket.ts';
import { decodeSockaddrIn, encodeSockaddrIn } from './kernel-structs.ts';
import { allocNative, C, check, lastErrno, type NativeBlock, NetioError, sys } from './libc.ts';
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
  #count = 0;

  constructor(capacity: number, headerSize: number) {
    this.capacity = capacity;
    this.headerSize = headerSize;
    const iovs = capacity * MMSGHDR;
    this.#addr = iovs + capacity * 2 * IOVEC;
    this.#headers = this.#addr + SOCKADDR;
    this.#block = allocNative(this.#headers + capacity * headerSize);
    this.#block.bytes.fill(0, 0, this.#headers);
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
  }

  /** Sets where every datagram of the following batches goes. */
  destination(address: string, port: number): void {
    this.#block.bytes.set(encodeSockaddrIn(address, port), this.#addr);
  }

  /** Starts a new batch. */
  clear(): void {
    this.#count = 0;
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
    const v = this.#block.view;
    v.setBigUint64(iov, body.ptr + BigInt(offset), LE);
    v.setBigUint64(iov + 8, BigInt(length), LE);
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

  free(): void {
    this.#block.free();
  }
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
    const fromLen = new Uint32Array(1);
    this.start(() => {
      fromLen[0] = SOCKADDR;
      const n = Number(sys.recvfrom(fd, buf, buf.length, MSG_DONTWAIT, from, fromLen));
      if (n < 0) {
        const errno = lastErrno();
        // ECONNREFUSED: an ICMP port unreachable for an earlier send, i.e. a lost packet.
        if (errno === C.EAGAIN || errno === C.EINTR || errno === C.ECONNREFUSED) return undefined;
        throw new NetioError('recvfrom', errno);
      }
      return { data: buf.slice(0, n), remote: decodeSockaddrIn(from) ?? { address: '0.0.0.0', port: 0 } };
    });
  }

  /** Sends one datagram from JS memory; false when the kernel's queue was full. */
  send(data: Uint8Array, address: string, port: number): boolean {
    if (this.closed) return false;
    const addr = encodeSockaddrIn(address, port);
    const n = Number(sys.sendto(this.fd, data, data.length, MSG_DONTWAIT, addr, addr.length));
    if (n >= 0) return true;
    const errno = lastErrno();
    if (errno === C.EAGAIN || errno === C.ENOBUFS || errno === C.ECONNREFUSED) return false;
    throw new NetioError(`sendto ${address}:${port}`, errno);
  }

  /** Sends a prepared batch; returns how many datagrams left. */
  sendBatch(batch: Batch): number {
    return this.closed ? 0 : batch.send(this.fd);
  }
}

/** Opens a non-blocking UDP socket bound to `address:port`. */
export function openDatagram(opts: DatagramOptions): DatagramSocket {
  return inNetns(opts.netns, () => {
    const fd = check(sys.socket(C.AF_INET, C.SOCK_DGRAM | C.SOCK_NONBLOCK | C.SOCK_CLOEXEC, 0), 'socket');
    try {
      const addr = encodeSockaddrIn(opts.address, opts.port);
      check(sys.bind(fd, addr, addr.length), `bind ${opts.address}:${opts.port}`);
      // A window of 16 blocks of 8 KiB is ~200 KiB of socket memory, the default send buffer:
      // without room, sendmmsg sends part of a window and the rest waits for a retransmit.
      const size = Int32Array.of(SEND_BUFFER);
      if (sys.setsockopt(fd, C.SOL_SOCKET, C.SO_SNDBUFFORCE, size, 4) < 0)
        sys.setsockopt(fd, C.SOL_SOCKET, C.SO_SNDBUF, size, 4);
      return new DatagramSocket(fd, opts);
    } catch (err) {
      sys.close(fd);
      throw err;
    }
  });
}
