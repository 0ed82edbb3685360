/**
 * The few libc calls netio needs, bound once through koffi (FFI), plus the Linux constants
 * they take. Every descriptor is opened non-blocking and watched by libuv (see fd-watch.ts),
 * so no call here ever blocks the event loop or uses the thread pool.
 */
import koffi from 'koffi';

const libc = koffi.load('libc.so.6');

export const sys = {
  socket: libc.func('int socket(int domain, int type, int protocol)'),
  connect: libc.func('int connect(int fd, const void *addr, uint32_t len)'),
  bind: libc.func('int bind(int fd, const void *addr, uint32_t len)'),
  getsockname: libc.func('int getsockname(int fd, void *addr, void *len)'),
  setsockopt: libc.func('int setsockopt(int fd, int level, int name, const void *value, uint32_t len)'),
  getsockopt: libc.func('int getsockopt(int fd, int level, int name, void *value, void *len)'),
  sendto: libc.func('intptr_t sendto(int fd, const void *buf, size_t len, int flags, const void *addr, uint32_t alen)'),
  recvmsg: libc.func('intptr_t recvmsg(int fd, void *msg, int flags)'),
  sendmsg: libc.func('intptr_t sendmsg(int fd, const void *msg, int flags)'),
  recvmmsg: libc.func('int recvmmsg(int fd, void *msgvec, unsigned int vlen, int flags, void *timeout)'),
  recvfrom: libc.func('intptr_t recvfrom(int fd, void *buf, size_t len, int flags, void *addr, void *alen)'),
  sendmmsg: libc.func('int sendmmsg(int fd, void *msgvec, unsigned int vlen, int flags)'),
  read: libc.func('intptr_t read(int fd, void *buf, size_t len)'),
  write: libc.func('intptr_t write(int fd, const void *buf, size_t len)'),
  open: libc.func('int open(const char *path, int flags)'),
  close: libc.func('int close(int fd)'),
  dup: libc.func('int dup(int fd)'),
  sendfile: libc.func('intptr_t sendfile(int out, int in, void *offset, size_t count)'),
  ioctl: libc.func('int ioctl(int fd, unsigned long request, void *arg)'),
  setns: libc.func('int setns(int fd, int nstype)'),
  getifaddrs: libc.func('int getifaddrs(void *out)'),
  freeifaddrs: libc.func('void freeifaddrs(void *ifa)'),
  malloc: libc.func('void *malloc(size_t size)'),
  free: libc.func('void free(void *ptr)'),
  strerror: libc.func('const char *strerror(int errnum)'),
  epoll_create1: libc.func('int epoll_create1(int flags)'),
  epoll_ctl: libc.func('int epoll_ctl(int epfd, int op, int fd, void *event)'),
  epoll_wait: libc.func('int epoll_wait(int epfd, void *events, int maxevents, int timeout)'),
  eventfd: libc.func('int eventfd(unsigned int initval, int flags)'),
} as const;

/** Linux values (identical on x86-64 and arm64, the generic ABI). */
export const C = {
  AF_INET: 2,
  AF_PACKET: 17,
  SOCK_DGRAM: 2,
  SOCK_RAW: 3,
  SOCK_NONBLOCK: 0o4000,
  SOCK_CLOEXEC: 0o2000000,
  O_RDONLY: 0,
  O_RDWR: 2,
  O_NONBLOCK: 0o4000,
  O_CLOEXEC: 0o2000000,
  SOL_SOCKET: 1,
  SO_REUSEADDR: 2,
  SO_BROADCAST: 6,
  SO_SNDBUF: 7,
  SO_RCVBUF: 8,
  SO_SNDBUFFORCE: 32,
  SO_RCVBUFFORCE: 33,
  SO_BINDTODEVICE: 25,
  IPPROTO_IP: 0,
  IPPROTO_ICMP: 1,
  IP_PKTINFO: 8,
  SOL_RAW: 255,
  ICMP_FILTER: 1,
  SOL_PACKET: 263,
  PACKET_ADD_MEMBERSHIP: 1,
  PACKET_STATISTICS: 6,
  SIOCGIFFLAGS: 0x8913,
  SIOCSIFFLAGS: 0x8914,
  SIOCGIFMTU: 0x8921,
  SIOCGIFINDEX: 0x8933,
  TUNSETIFF: 0x400454ca,
  IFF_UP: 0x1,
  IFF_TAP: 0x0002,
  IFF_NO_PI: 0x1000,
  CLONE_NEWNET: 0x40000000,
  EAGAIN: 11,
  EINTR: 4,
  ENOBUFS: 105,
  EIO: 5,
  EINVAL: 22,
  EOPNOTSUPP: 95,
  EMSGSIZE: 90,
  ECONNREFUSED: 111,
  EPIPE: 32,
} as const;

const ERRNO_NAMES = new Map(Object.entries(koffi.os.errno).map(([name, n]) => [n, name]));

/** A failed system call: `code` is the errno name (EPERM, ENODEV, ...), `op` what was tried. */
export class NetioError extends Error {
  readonly code: string;
  readonly errno: number;
  constructor(op: string, errno: number) {
    const code = ERRNO_NAMES.get(errno) ?? `errno ${errno}`;
    super(`${op}: ${code} (${sys.strerror(errno) as string})`);
    this.name = 'NetioError';
    this.code = code;
    this.errno = errno;
  }
}

export function lastErrno(): number {
  return koffi.errno();
}

/**
 * Sets a socket buffer (socket(7)) to `bytes`: the FORCE option passes net.core.*mem_max with
 * CAP_NET_ADMIN; without it the plain option gets what the limit allows.
 */
export function setSocketBuffer(fd: number, which: 'send' | 'receive', bytes: number): void {
  const value = Int32Array.of(bytes);
  const [force, plain] = which === 'send' ? [C.SO_SNDBUFFORCE, C.SO_SNDBUF] : [C.SO_RCVBUFFORCE, C.SO_RCVBUF];
  if ((sys.setsockopt(fd, C.SOL_SOCKET, force, value, 4) as number) < 0)
    sys.setsockopt(fd, C.SOL_SOCKET, plain, value, 4);
}

/** Returns `ret` as a number, or throws a NetioError naming `op` when the call failed. */
export function check(ret: number | bigint, op: string): number {
  const n = Number(ret);
  if (n < 0) throw new NetioError(op, koffi.errno());
  return n;
}

/** Fixed native memory (for structs that hold pointers, which JS buffers cannot give). */
export interface NativeBlock {
  readonly ptr: bigint;
  /** `ptr` as a number (user-space addresses fit in 53 bits), for arithmetic without BigInt. */
  readonly address: number;
  readonly bytes: Uint8Array;
  readonly view: DataView;
  free(): void;
}

export function allocNative(size: number): NativeBlock {
  const ptr = sys.malloc(size) as bigint;
  if (!ptr) throw new NetioError('malloc', 12);
  const ab = koffi.view(ptr, size);
  let freed = false;
  return {
    ptr,
    address: Number(ptr),
    bytes: new Uint8Array(ab),
    view: new DataView(ab),
    free() {
      if (!freed) sys.free(ptr);
      freed = true;
    },
  };
}

/** A NUL-terminated C string as bytes, for the calls that take names. */
export function cString(text: string): Uint8Array {
  const b = new TextEncoder().encode(text);
  const out = new Uint8Array(b.length + 1);
  out.set(b);
  return out;
}
