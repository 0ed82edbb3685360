/**
 * A TAP device from /dev/net/tun (IFF_TAP | IFF_NO_PI: each read or write is exactly one
 * Ethernet frame, no packet-info prefix). The device is not persistent: closing the
 * descriptor removes it. It lives in the network namespace it was opened in.
 */

import { FdSocket } from './fd-socket.ts';
import { encodeIfreq, ifreqShort, setIfreqShort } from './kernel-structs.ts';
import { C, check, cString, lastErrno, NetioError, sys } from './libc.ts';
import { inNetns } from './netns.ts';

export interface TapOptions {
  /** Bring the link up at once (SIOCSIFFLAGS IFF_UP); default false. */
  up?: boolean;
  /** Frames an async iterator may hold before dropping (default 1024). */
  queueLimit?: number;
  /** Largest frame read (default 65536, enough for any MTU). */
  frameSize?: number;
  /** Open inside this network namespace (an `ip netns` name or a path), see withNetns. */
  netns?: string;
}

export class TapDevice extends FdSocket<Uint8Array> {
  readonly name: string;

  constructor(fd: number, name: string, opts: TapOptions) {
    super(fd, opts.queueLimit);
    this.name = name;
    const buf = new Uint8Array(opts.frameSize ?? 65536);
    this.start(() => {
      const n = Number(sys.read(this.fd, buf, buf.length));
      if (n >= 0) return buf.slice(0, n);
      const errno = lastErrno();
      if (errno === C.EAGAIN || errno === C.EINTR) return undefined;
      throw new NetioError(`read ${name}`, errno);
    });
  }

  /** Injects one frame as if it had arrived on the device's wire. */
  write(frame: Uint8Array): boolean {
    if (this.closed) throw new Error(`write on closed TAP ${this.name}`);
    const n = Number(sys.write(this.fd, frame, frame.length));
    if (n >= 0) return true;
    const errno = lastErrno();
    if (errno === C.EAGAIN || errno === C.ENOBUFS) return false;
    throw new NetioError(`write ${this.name}`, errno);
  }
}

function setUp(name: string): void {
  const fd = check(sys.socket(C.AF_INET, C.SOCK_DGRAM | C.SOCK_CLOEXEC, 0), 'socket');
  try {
    const req = encodeIfreq(name);
    check(sys.ioctl(fd, C.SIOCGIFFLAGS, req), `SIOCGIFFLAGS ${name}`);
    setIfreqShort(req, ifreqShort(req) | C.IFF_UP);
    check(sys.ioctl(fd, C.SIOCSIFFLAGS, req), `SIOCSIFFLAGS ${name}`);
  } finally {
    sys.close(fd);
  }
}

/** Creates TAP device `name` (or the kernel's tapN for a pattern like "tap%d"). */
export function openTap(name: string, opts: TapOptions = {}): TapDevice {
  return inNetns(opts.netns, () => createTap(name, opts));
}

function createTap(name: string, opts: TapOptions): TapDevice {
  const req = encodeIfreq(name);
  const fd = check(sys.open(cString('/dev/net/tun'), C.O_RDWR | C.O_NONBLOCK | C.O_CLOEXEC), 'open /dev/net/tun');
  try {
    setIfreqShort(req, C.IFF_TAP | C.IFF_NO_PI);
    check(sys.ioctl(fd, C.TUNSETIFF, req), `TUNSETIFF ${name}`);
    const actual = new TextDecoder().decode(req.subarray(0, req.indexOf(0)));
    if (opts.up) setUp(actual);
    return new TapDevice(fd, actual, opts);
  } catch (err) {
    sys.close(fd);
    throw err;
  }
}
