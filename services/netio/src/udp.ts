/**
 * A UDP socket bound to one interface: SO_BINDTODEVICE so it sees only datagrams that arrived
 * on that interface and can send to 255.255.255.255 with no route (RFC 2131 §4.1 replies to
 * clients without an address); SO_REUSEADDR so one socket per interface can share port 67;
 * IP_PKTINFO so each datagram says where it arrived and what it was sent to.
 */

import { FdSocket } from './fd-socket.ts';
import { interfaceIndex } from './interfaces.ts';
import { decodeSockaddrIn, encodeSockaddrIn, findPktInfo, type PktInfo } from './kernel-structs.ts';
import { C, check, cString, sys } from './libc.ts';
import { inNetns } from './netns.ts';
import { RecvBlock, sendDatagram } from './recv-block.ts';
import { batchReader } from './recv-mmsg.ts';

export interface UdpOptions {
  interface: string;
  port: number;
  /** Local address to bind (default 0.0.0.0, which also receives broadcasts). */
  address?: string;
  /** Datagrams an async iterator may hold before dropping (default 1024). */
  queueLimit?: number;
  /** Open inside this network namespace (an `ip netns` name or a path), see withNetns. */
  netns?: string;
  /**
   * SO_RCVBUF in bytes (the kernel doubles it and caps it at net.core.rmem_max): room for a
   * burst to wait while the loop is busy, instead of being dropped. Default: the kernel's.
   */
  receiveBuffer?: number;
  /**
   * Receive with recvmmsg(2), up to 64 datagrams per call, instead of one recvmsg(2) each: for
   * sockets that take bursts. `data` is then a view into a buffer its batch shares.
   */
  batchReceive?: boolean;
}

export interface UdpDatagram {
  data: Uint8Array;
  remote: { address: string; port: number };
  ifindex: number;
  ifname: string;
  /** The local address a reply would come from (ipi_spec_dst). */
  localAddress: string;
  /** The IP header's destination: 255.255.255.255 for a limited broadcast. */
  destination: string;
}

function setInt(fd: number, level: number, name: number, value: number, what: string): void {
  check(sys.setsockopt(fd, level, name, Int32Array.of(value), 4), `setsockopt ${what}`);
}

export class UdpSocket extends FdSocket<UdpDatagram> {
  readonly interface: string;
  readonly ifindex: number;
  /** The bound port (the kernel's choice when 0 was asked). */
  readonly port: number;

  constructor(fd: number, opts: UdpOptions) {
    super(fd, opts.queueLimit);
    this.interface = opts.interface;
    this.ifindex = interfaceIndex(opts.interface);
    const name = new Uint8Array(16);
    check(sys.getsockname(fd, name, Uint32Array.of(16)), 'getsockname');
    this.port = decodeSockaddrIn(name)?.port ?? opts.port;
    if (opts.batchReceive) {
      const reader = batchReader(fd, (r) => this.#datagram(r.data, r.remote, r.pktinfo));
      this.start(reader.read, reader.free);
      return;
    }
    const block = new RecvBlock();
    this.start(
      () => {
        const r = block.receive(this.fd);
        return r && this.#toDatagram(r);
      },
      () => block.free(),
    );
  }

  #toDatagram(r: { data: Uint8Array; name: Uint8Array; control: Uint8Array }): UdpDatagram {
    return this.#datagram(r.data, decodeSockaddrIn(r.name) ?? { address: '0.0.0.0', port: 0 }, findPktInfo(r.control));
  }

  #datagram(data: Uint8Array, remote: UdpDatagram['remote'], info: PktInfo | undefined): UdpDatagram {
    return {
      data,
      remote,
      ifindex: info?.ifindex ?? this.ifindex,
      ifname: this.interface,
      localAddress: info?.localAddress ?? '0.0.0.0',
      destination: info?.destination ?? '0.0.0.0',
    };
  }

  /** The last destination, encoded: replies mostly go to one relay or one broadcast address. */
  #to: { address: string; port: number; sockaddr: Uint8Array; op: string } | undefined;

  /** Sends one datagram; false when the kernel's queue was full and it was dropped. */
  send(data: Uint8Array, address: string, port: number): boolean {
    if (this.closed) throw new Error('send on a closed UDP socket');
    let to = this.#to;
    if (to?.address !== address || to.port !== port) {
      to = { address, port, sockaddr: encodeSockaddrIn(address, port), op: `sendto ${address}:${port}` };
      this.#to = to;
    }
    return sendDatagram(this.fd, data, to.sockaddr, to.op);
  }
}

export function openUdp(opts: UdpOptions): UdpSocket {
  return inNetns(opts.netns, () => createUdp(opts));
}

function createUdp(opts: UdpOptions): UdpSocket {
  const fd = check(sys.socket(C.AF_INET, C.SOCK_DGRAM | C.SOCK_NONBLOCK | C.SOCK_CLOEXEC, 0), 'socket');
  try {
    setInt(fd, C.SOL_SOCKET, C.SO_REUSEADDR, 1, 'SO_REUSEADDR');
    setInt(fd, C.SOL_SOCKET, C.SO_BROADCAST, 1, 'SO_BROADCAST');
    if (opts.receiveBuffer) setInt(fd, C.SOL_SOCKET, C.SO_RCVBUF, opts.receiveBuffer, 'SO_RCVBUF');
    setInt(fd, C.IPPROTO_IP, C.IP_PKTINFO, 1, 'IP_PKTINFO');
    const dev = cString(opts.interface);
    check(sys.setsockopt(fd, C.SOL_SOCKET, C.SO_BINDTODEVICE, dev, dev.length), `bind to device ${opts.interface}`);
    const addr = encodeSockaddrIn(opts.address ?? '0.0.0.0', opts.port);
    check(sys.bind(fd, addr, addr.length), `bind ${opts.address ?? '0.0.0.0'}:${opts.port} on ${opts.interface}`);
    return new UdpSocket(fd, opts);
  } catch (err) {
    sys.close(fd);
    throw err;
  }
}
