/**
 * A batch of UDP datagrams in native memory, sent by one sendmmsg(2) (or one UDP_SEGMENT
 * sendmsg when every datagram but the last has the same size): each datagram is a header the
 * caller writes and a body already in native memory, so a window of blocks costs one call.
 */
import { endianness } from 'node:os';
import { encodeSockaddrIn } from './kernel-structs.ts';
import { allocNative, C, lastErrno, type NativeBlock, NetioError, sys } from './libc.ts';

const LE = endianness() === 'LE';
export const MSG_DONTWAIT = 0x40;
/** struct mmsghdr: struct msghdr (56 bytes) + unsigned msg_len, padded to 64. */
const MMSGHDR = 64;
const IOVEC = 16;
export const SOCKADDR = 16;
/** struct msghdr, then one cmsghdr with a 16-bit UDP_SEGMENT value (CMSG_SPACE(2) = 24). */
const MSGHDR = 56;
const GSO_CMSG = 24;
const SOL_UDP = 17;
const UDP_SEGMENT = 103;
/** The kernel's UDP_MAX_SEGMENTS. */
export const MAX_SEGMENTS = 64;

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
