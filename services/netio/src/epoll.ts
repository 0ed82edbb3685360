/**
 * epoll(7) and eventfd(2) for a thread that runs its own loop: a worker blocks in `wait`
 * (through FFI, off the main thread) instead of taking one JS callback per ready descriptor,
 * and another thread wakes it through an eventfd.
 */
import { arch } from 'node:os';
import { allocNative, C, check, lastErrno, type NativeBlock, NetioError, sys } from './libc.ts';

const EPOLL_CLOEXEC = 0o2000000;
const EPOLL_CTL_ADD = 1;
const EPOLL_CTL_DEL = 2;
const EPOLLIN = 0x001;
const EFD_NONBLOCK = 0o4000;
const EFD_CLOEXEC = 0o2000000;
/** struct epoll_event is packed on x86-64 (12 bytes), naturally aligned elsewhere (16). */
const PACKED = arch() === 'x64';
const EVENT_SIZE = PACKED ? 12 : 16;
const DATA_AT = PACKED ? 4 : 8;

export class Epoll {
  readonly fd: number;
  readonly capacity: number;
  readonly #events: NativeBlock;
  readonly #one = new Uint8Array(EVENT_SIZE);

  constructor(capacity = 64) {
    this.fd = check(sys.epoll_create1(EPOLL_CLOEXEC), 'epoll_create1');
    this.capacity = capacity;
    this.#events = allocNative(capacity * EVENT_SIZE);
  }

  /** Watches `fd` for input; `wait` reports it by `token` (a non-negative integer below 2³²). */
  add(fd: number, token: number): void {
    const v = new DataView(this.#one.buffer);
    v.setUint32(0, EPOLLIN, true);
    v.setUint32(DATA_AT, token, true);
    v.setUint32(DATA_AT + 4, 0, true);
    check(sys.epoll_ctl(this.fd, EPOLL_CTL_ADD, fd, this.#one), 'epoll_ctl add');
  }

  remove(fd: number): void {
    sys.epoll_ctl(this.fd, EPOLL_CTL_DEL, fd, this.#one);
  }

  /** Blocks up to `timeoutMs` (-1: no limit); returns how many tokens are ready. */
  wait(timeoutMs: number): number {
    const n = Number(sys.epoll_wait(this.fd, this.#events.ptr, this.capacity, timeoutMs));
    if (n >= 0) return n;
    const errno = lastErrno();
    if (errno === C.EINTR) return 0;
    throw new NetioError('epoll_wait', errno);
  }

  /** The token of ready entry `i` of the last `wait`. */
  token(i: number): number {
    return this.#events.view.getUint32(i * EVENT_SIZE + DATA_AT, true);
  }

  close(): void {
    sys.close(this.fd);
    this.#events.free();
  }
}

/** A non-blocking eventfd: `signalEventFd` from any thread wakes an epoll watching it. */
export function openEventFd(): number {
  return check(sys.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC), 'eventfd');
}

const ONE = new BigUint64Array([1n]);
export function signalEventFd(fd: number): void {
  sys.write(fd, ONE, 8);
}

/** Resets the counter (after a wake-up). */
export function clearEventFd(fd: number): void {
  sys.read(fd, new BigUint64Array(1), 8);
}

export function closeFd(fd: number): void {
  sys.close(fd);
}
