/**
 * struct msghdr (recvmsg(2)) on 64-bit Linux, shared by the one-datagram and the batched
 * receive paths: where its fields sit, how a header is pointed at its buffers once, and which
 * lengths the kernel rewrites on every call and so must be reset before the next.
 */
import { endianness } from 'node:os';
import { C, lastErrno, NetioError } from './libc.ts';

const LE = endianness() === 'LE';
/** sizeof(struct msghdr); struct mmsghdr adds msg_len here (and pads to 64). */
export const MSGHDR_SIZE = 56;
const NAME_LEN = 8;
const IOV = 16;
const IOV_LEN = 24;
const CONTROL = 32;
const CONTROL_LEN = 40;
const FLAGS = 48;
export const MSG_TRUNC = 0x20;

/** Native addresses of one header's buffers: a single iovec, the source name, the control data. */
export interface MsghdrBuffers {
  iov: bigint;
  name: bigint;
  control: bigint;
}

/** Writes the pointers of the header at `at` (they survive calls; the lengths do not). */
export function pointMsghdr(v: DataView, at: number, to: MsghdrBuffers): void {
  v.setBigUint64(at, to.name, LE);
  v.setBigUint64(at + IOV, to.iov, LE);
  v.setBigUint64(at + IOV_LEN, 1n, LE);
  v.setBigUint64(at + CONTROL, to.control, LE);
}

/** Resets the name and control lengths and the flags, which the kernel rewrote last call. */
export function resetMsghdr(v: DataView, at: number, nameSize: number, controlSize: number): void {
  v.setUint32(at + NAME_LEN, nameSize, LE);
  v.setBigUint64(at + CONTROL_LEN, BigInt(controlSize), LE);
  v.setInt32(at + FLAGS, 0, LE);
}

/** What the kernel wrote back: lengths capped at the buffers' sizes, and the flags. */
export function readMsghdr(v: DataView, at: number, nameSize: number, controlSize: number) {
  return {
    nameLength: Math.min(v.getUint32(at + NAME_LEN, LE), nameSize),
    controlLength: Math.min(Number(v.getBigUint64(at + CONTROL_LEN, LE)), controlSize),
    flags: v.getInt32(at + FLAGS, LE),
  };
}

/** A receive call's result: the count, or undefined when nothing was waiting (EAGAIN, EINTR). */
export function receivedCount(n: number, op: string): number | undefined {
  if (n >= 0) return n;
  const errno = lastErrno();
  if (errno === C.EAGAIN || errno === C.EINTR) return undefined;
  throw new NetioError(op, errno);
}
