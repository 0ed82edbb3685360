/**
 * An AF_PACKET SOCK_RAW socket on one interface: whole Ethernet frames out and in. Frames
 * wait in the kernel's bounded socket buffer (kernel drops are counted by PACKET_STATISTICS)
 * and, for async iterators, in a bounded Inbox (drops counted in stats()).
 */

import { macToBytes } from '@paddock/wire';
import { FdSocket, type SocketStats } from './fd-socket.ts';
import { interfaceIndex } from './interfaces.ts';
import { decodeSockaddrLl, encodePacketMreq, encodeSockaddrLl } from './kernel-structs.ts';
import { C, check, setSocketBuffer, sys } from './libc.ts';
import { inNetns } from './netns.ts';
import { RecvBlock, sendDatagram } from './recv-block.ts';

export const ETH_P_ALL = 0x0003;
export const ETH_P_IP = 0x0800;
export const ETH_P_ARP = 0x0806;
export const ETH_P_IPV6 = 0x86dd;
export const ETH_P_WOL = 0x0842;

/** sockaddr_ll pkttype values: who the frame was for. */
export const PacketType = { host: 0, broadcast: 1, multicast: 2, otherhost: 3, outgoing: 4 } as const;

export interface PacketOptions {
  interface: string;
  /** EtherType to receive (ETH_P_ARP, ETH_P_WOL, ..., or ETH_P_ALL for every frame). */
  protocol: number;
  /** Frames an async iterator may hold before dropping (default 1024). */
  queueLimit?: number;
  /** Open inside this network namespace (an `ip netns` name or a path), see withNetns. */
  netns?: string;
  /**
   * Link-layer multicast groups to join while the socket is open (PACKET_ADD_MEMBERSHIP), so
   * the NIC's filter lets them in even when no protocol on the host has joined them.
   */
  multicast?: readonly string[];
  /** Receive buffer in bytes, for bursts of replies (a SYN scan's hundreds); the kernel default otherwise. */
  receiveBuffer?: number;
}

export interface PacketFrame {
  /** The whole frame from the destination MAC on (no FCS). */
  frame: Uint8Array;
  ifindex: number;
  /** One of PacketType: outgoing frames are this host's own, seen on ETH_P_ALL sockets. */
  pkttype: number;
}

export interface PacketStats extends SocketStats {
  /** Frames the kernel dropped because the socket buffer was full. */
  kernelDropped: number;
}

export class PacketSocket extends FdSocket<PacketFrame> {
  readonly interface: string;
  readonly ifindex: number;
  readonly protocol: number;
  #kernelDropped = 0;

  constructor(fd: number, opts: PacketOptions, ifindex: number) {
    super(fd, opts.queueLimit);
    this.interface = opts.interface;
    this.ifindex = ifindex;
    this.protocol = opts.protocol;
    const block = new RecvBlock(65536);
    this.start(
      () => {
        const r = block.receive(this.fd);
        if (!r) return undefined;
        const ll = decodeSockaddrLl(r.name);
        return { frame: r.data, ifindex: ll?.ifindex ?? ifindex, pkttype: ll?.pkttype ?? 0 };
      },
      () => block.free(),
    );
  }

  /** Sends one whole frame out of the interface; false when the kernel queue was full. */
  send(frame: Uint8Array): boolean {
    if (this.closed) throw new Error('send on a closed packet socket');
    return sendDatagram(this.fd, frame, null, `send frame on ${this.interface}`);
  }

  override stats(): PacketStats {
    if (!this.closed) {
      // struct tpacket_stats { tp_packets; tp_drops }, reset by each read.
      const st = new Uint32Array(2);
      if (Number(sys.getsockopt(this.fd, C.SOL_PACKET, C.PACKET_STATISTICS, st, Uint32Array.of(8))) === 0) {
        this.#kernelDropped += st[1] ?? 0;
      }
    }
    return { ...super.stats(), kernelDropped: this.#kernelDropped };
  }
}

export function openPacket(opts: PacketOptions): PacketSocket {
  return inNetns(opts.netns, () => createPacket(opts));
}

function createPacket(opts: PacketOptions): PacketSocket {
  const ifindex = interfaceIndex(opts.interface);
  // Protocol 0 at socket() receives nothing until bind() names the interface, so no frame
  // from another interface slips in between the two calls (packet(7)).
  const fd = check(sys.socket(C.AF_PACKET, C.SOCK_RAW | C.SOCK_NONBLOCK | C.SOCK_CLOEXEC, 0), 'socket AF_PACKET');
  try {
    const addr = encodeSockaddrLl({ protocol: opts.protocol, ifindex });
    check(sys.bind(fd, addr, addr.length), `bind packet socket to ${opts.interface}`);
    for (const group of opts.multicast ?? []) {
      const mreq = encodePacketMreq(ifindex, macToBytes(group));
      check(
        sys.setsockopt(fd, C.SOL_PACKET, C.PACKET_ADD_MEMBERSHIP, mreq, mreq.length),
        `join ${group} on ${opts.interface}`,
      );
    }
    if (opts.receiveBuffer) setSocketBuffer(fd, 'receive', opts.receiveBuffer);
    return new PacketSocket(fd, opts, ifindex);
  } catch (err) {
    sys.close(fd);
    throw err;
  }
}
