/**
 * recvmsg(2) through FFI: one native block holding struct msghdr, its iovec, the source
 * address, the control buffer and the data buffer. The msghdr holds pointers, so it must live
 * in fixed native memory; each socket owns one block and frees it on close.
 */
import { endianness } from 'node:os';
import { allocNative, C, check, lastErrno, type NativeBlock, NetioError, sys } from './libc.ts';

const LE = endianness() === 'LE';
const MSGHDR = 0;
const IOV = 56;
const NAME = 72;
const NAME_SIZE = 32;
const CONTROL = 104;
const CONTROL_SIZE = 128;
const DATA = 232;
const MSG_DONTWAIT = 0x40;
const MSG_TRUNC = 0x20;

export interface Received {
  /** A copy of the datagram or frame. */
  data: Uint8Array;
  /** The source address struct as the kernel filled it. */
  name: Uint8Array;
  /** The control messages (ancillary data). */
  control: Uint8Array;
  /** The payload was longer than the buffer and was cut. */
  truncated: boolean;
}

export class RecvBlock {
  readonly #block: NativeBlock;
  readonly #size: number;

  constructor(dataSize = 65536) {
    this.#size = dataSize;
    this.#block = allocNative(DATA + dataSize);
    const v = this.#block.view;
    const base = this.#block.ptr;
    v.setBigUint64(IOV, base + BigInt(DATA), LE);
    v.setBigUint64(IOV + 8, BigInt(dataSize), LE);
    v.setBigUint64(MSGHDR + 16, base + BigInt(IOV), LE);
    v.setBigUint64(MSGHDR + 24, 1n, LE);
  }

  /** One recvmsg; undefined when nothing is waiting (EAGAIN). */
  receive(fd: number): Received | undefined {
    const v = this.#block.view;
    const base = this.#block.ptr;
    // The kernel rewrites the lengths on every call; reset them.
    v.setBigUint64(MSGHDR, base + BigInt(NAME), LE);
    v.setUint32(MSGHDR + 8, NAME_SIZE, LE);
    v.setBigUint64(MSGHDR + 32, base + BigInt(CONTROL), LE);
    v.setBigUint64(MSGHDR + 40, BigInt(CONTROL_SIZE), LE);
    v.setInt32(MSGHDR + 48, 0, LE);
    const n = Number(sys.recvmsg(fd, base, MSG_DONTWAIT));
    if (n < 0) {
      const errno = lastErrno();
      if (errno === C.EAGAIN || errno === C.EINTR) return undefined;
      throw new NetioError('recvmsg', errno);
    }
    const b = this.#block.bytes;
    const nameLen = Math.min(v.getUint32(MSGHDR + 8, LE), NAME_SIZE);
    const controlLen = Math.min(Number(v.getBigUint64(MSGHDR + 40, LE)), CONTROL_SIZE);
    return {
      data: b.slice(DATA, DATA + Math.min(n, this.#size)),
      name: b.slice(NAME, NAME + nameLen),
      control: b.slice(CONTROL, CONTROL + controlLen),
      truncated: (v.getInt32(MSGHDR + 48, LE) & MSG_TRUNC) !== 0,
    };
  }

  free(): void {
    this.#block.free();
  }
}

/** sendto(2) without blocking: false when the kernel queue is full (the datagram is dropped). */
export function sendDatagram(fd: number, data: Uint8Array, addr: Uint8Array | null, op: string): boolean {
  const n = Number(sys.sendto(fd, data, data.length, MSG_DONTWAIT, addr, addr ? addr.length : 0));
  if (n >= 0) return true;
  const errno = lastErrno();
  if (errno === C.EAGAIN || errno === C.ENOBUFS) return false;
  check(n, op);
  return false;
}
