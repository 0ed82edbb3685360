import { interfaceInfo, openPacket, openUdp, type PacketSocket, type UdpSocket } from '@paddock/netio';
import type { Logger } from '@paddock/runtime';
import { ipv4ToNumber } from '@paddock/wire';

/** Port 67 (RFC 2131 §4.1: servers receive on 67, clients on 68). */
export const SERVER_PORT = 67;

/**
 * 1 MiB of socket buffer (the kernel doubles it; capped by net.core.rmem_max): a burst of a
 * couple of thousand requests (a rack powering on) waits while a batch is handled instead of
 * being dropped. Not more: under sustained overload a deeper queue only holds requests whose
 * clients have given up (retransmitted) by the time they are read, and the server would spend
 * itself answering them (measured: 4 MiB collapsed to a fifth of the rate past saturation).
 */
const RECEIVE_BUFFER = 1 << 20;

/**
 * One interface the server was told to use: a UDP socket on port 67 bound to it (so it hears
 * only that link and can broadcast without a route), and a send-only packet socket for
 * replies to clients that have no address yet. Nothing is opened on any other interface.
 */
export class Link {
  readonly ifname: string;
  readonly udp: UdpSocket;
  /** Undefined when packet sockets are not allowed: replies then fall back to broadcast. */
  readonly packet: PacketSocket | undefined;
  mac: string | null = null;
  addresses: number[] = [];
  readonly #netns: string | undefined;

  constructor(
    ifname: string,
    opts: { netns?: string | undefined; port?: number; onPacketError?: (err: Error) => void },
  ) {
    this.ifname = ifname;
    this.#netns = opts.netns;
    const netns = opts.netns === undefined ? {} : { netns: opts.netns };
    this.refresh();
    this.udp = openUdp({
      interface: ifname,
      port: opts.port ?? SERVER_PORT,
      receiveBuffer: RECEIVE_BUFFER,
      // A burst (a rack powering on, a relay's queue) is read 64 requests per system call.
      batchReceive: true,
      ...netns,
    });
    let packet: PacketSocket | undefined;
    try {
      // Protocol 0: the socket receives nothing (packet(7)); it only sends.
      packet = openPacket({ interface: ifname, protocol: 0, ...netns });
    } catch (err) {
      opts.onPacketError?.(err as Error);
    }
    this.packet = packet;
  }

  /** Re-reads the interface's MAC and addresses (they may change while we run). */
  refresh(): void {
    const info = interfaceInfo(this.ifname, this.#netns === undefined ? {} : { netns: this.#netns });
    this.mac = info.mac;
    this.addresses = info.ipv4.map((a) => ipv4ToNumber(a.address));
  }

  close(): void {
    this.udp.close();
    this.packet?.close();
  }
}

/** One Link per interface, receive errors and a missing packet socket logged; throws naming the one that failed. */
export function openLinks(
  interfaces: readonly string[],
  opts: { netns?: string | undefined; port?: number | undefined },
  log: Logger,
): Link[] {
  return interfaces.map((ifname) => {
    const link = new Link(ifname, {
      netns: opts.netns,
      ...(opts.port !== undefined && { port: opts.port }),
      onPacketError: (err) =>
        log.warn(
          { ifname, err: err.message },
          'no packet socket: replies to clients without an address will be broadcast',
        ),
    });
    link.udp.on('error', (err) => log.warn({ ifname, err: err.message }, 'receive error'));
    return link;
  });
}

/** Re-reads every link's MAC and addresses; a link that cannot be read keeps what it had. */
export function refreshLinks(links: readonly Link[], log: Logger): void {
  for (const l of links) {
    try {
      l.refresh();
    } catch (err) {
      log.warn({ ifname: l.ifname, err: (err as Error).message }, 'cannot read interface');
    }
  }
}
