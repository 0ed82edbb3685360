/**
 * recvmsg(2) through FFI: one native block holding struct msghdr, its iovec, the source
 * address, the control buffer and the data buffer. The msghdr holds pointers, so it must live
 * in fixed native memory; each socket owns one block and frees it on close.
 */
import { endianness } from 'node:os';
import { MSG_DONTWAIT } from './batch.ts';
import { allocNative, C, check, lastErrno, type NativeBlock, sys } from './libc.ts';
import { MSG_TRUNC, MSGHDR_SIZE, pointMsghdr, readMsghdr, receivedCount, resetMsghdr } from './msghdr.ts';

const LE = endianness() === 'LE';
const IOV = MSGHDR_SIZE;
const NAME = IOV + 16;
const NAME_SIZE = 32;
const CONTROL = NAME + NAME_SIZE;
const CONTROL_SIZE = 128;
const DATA = CONTROL + CONTROL_SIZE;

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
    pointMsghdr(v, 0, { iov: base + BigInt(IOV), name: base + BigInt(NAME), control: base + BigInt(CONTROL) });
  }

  /** One recvmsg; undefined when nothing is waiting (EAGAIN). */
  receive(fd: number): Received | undefined {
    const v = this.#block.view;
    resetMsghdr(v, 0, NAME_SIZE, CONTROL_SIZE);
    const n = receivedCount(Number(sys.recvmsg(fd, this.#block.ptr, MSG_DONTWAIT)), 'recvmsg');
    if (n === undefined) return undefined;
    const b = this.#block.bytes;
    const got = readMsghdr(v, 0, NAME_SIZE, CONTROL_SIZE);
    return {
      data: b.slice(DATA, DATA + Math.min(n, this.#size)),
      name: b.slice(NAME, NAME + got.nameLength),
      control: b.slice(CONTROL, CONTROL + got.controlLength),
      truncated: (got.flags & MSG_TRUNC) !== 0,
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
