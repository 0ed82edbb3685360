/**
 * ICMP echo probes over one raw socket (SOCK_RAW IPPROTO_ICMP through koffi). Many probes may
 * be in flight at once; replies are matched by this socket's identifier, the sequence number
 * and the source address. The raw socket needs CAP_NET_RAW, which a DHCP server (port 67,
 * packet sockets) has anyway; ICMP "ping sockets" are off by default in a new namespace
 * (net.ipv4.ping_group_range "1 0"), so they are not used.
 */
import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { isIPv4 } from '@paddock/wire';
import { FdSocket } from './fd-socket.ts';
import { decodeIcmpEcho, encodeIcmpEcho, ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST } from './icmp.ts';
import { decodeIpv4 } from './ipv4.ts';
import { encodeSockaddrIn } from './kernel-structs.ts';
import { C, check, cString, sys } from './libc.ts';
import { inNetns } from './netns.ts';
import { RecvBlock, sendDatagram } from './recv-block.ts';

export interface EchoReply {
  source: string;
  identifier: number;
  sequence: number;
  at: number;
}

export interface PingOptions {
  timeoutMs: number;
  /** Send and listen only on this interface (SO_BINDTODEVICE). */
  interface?: string;
  /** Open inside this network namespace (an `ip netns` name or a path), see withNetns. */
  netns?: string;
}

interface Pending {
  address: string;
  sentAt: number;
  resolve: (rtt: number | null) => void;
  timer: NodeJS.Timeout;
}

export class IcmpSocket extends FdSocket<EchoReply> {
  /** The echo identifier this socket stamps on its requests. */
  readonly identifier = randomInt(1, 0x10000);
  readonly #pending = new Map<number, Pending>();
  #sequence = randomInt(0, 0x10000);

  constructor(fd: number) {
    super(fd);
    const block = new RecvBlock(2048);
    this.start(
      () => this.#read(block),
      () => block.free(),
    );
    this.on('message', (reply) => this.#settle(reply));
  }

  #read(block: RecvBlock): EchoReply | undefined {
    // Bounded: a flood of other ICMP yields to the loop; the level-triggered poll comes back.
    for (let i = 0; i < 256; i++) {
      const r = block.receive(this.fd);
      if (!r) return undefined;
      const ip = decodeIpv4(r.data);
      const echo = ip.ok ? decodeIcmpEcho(ip.value.payload) : undefined;
      if (echo?.ok && echo.value.type === ICMP_ECHO_REPLY && echo.value.identifier === this.identifier) {
        return { source: ip.ok ? ip.value.source : '', ...echo.value, at: performance.now() };
      }
      // Someone else's ICMP: every raw ICMP socket sees every message. Read on.
    }
    return undefined;
  }

  #settle(reply: EchoReply): void {
    const p = this.#pending.get(reply.sequence);
    if (!p || p.address !== reply.source) return;
    this.#pending.delete(reply.sequence);
    clearTimeout(p.timer);
    p.resolve(reply.at - p.sentAt);
  }

  /** Round-trip time in ms, or null when no reply came within timeoutMs. */
  ping(address: string, timeoutMs: number, data: Uint8Array = new Uint8Array(32)): Promise<number | null> {
    if (!isIPv4(address)) return Promise.reject(new RangeError(`not an IPv4 address: ${JSON.stringify(address)}`));
    if (this.closed) return Promise.reject(new Error('ping on a closed ICMP socket'));
    const sequence = this.#nextSequence();
    const msg = encodeIcmpEcho({ type: ICMP_ECHO_REQUEST, identifier: this.identifier, sequence, data });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(sequence);
        resolve(null);
      }, timeoutMs);
      this.#pending.set(sequence, { address, sentAt: performance.now(), resolve, timer });
      try {
        if (!sendDatagram(this.fd, msg, encodeSockaddrIn(address, 0), `echo to ${address}`)) {
          throw new Error(`echo to ${address}: send queue full`);
        }
      } catch (err) {
        clearTimeout(timer);
        this.#pending.delete(sequence);
        reject(err);
      }
    });
  }

  #nextSequence(): number {
    for (let i = 0; i < 0x10000; i++) {
      this.#sequence = (this.#sequence + 1) & 0xffff;
      if (!this.#pending.has(this.#sequence)) return this.#sequence;
    }
    throw new Error('65536 echo requests already in flight');
  }

  override close(): void {
    for (const p of this.#pending.values()) {
      clearTimeout(p.timer);
      p.resolve(null);
    }
    this.#pending.clear();
    super.close();
  }
}

export function openIcmp(opts: { interface?: string; netns?: string } = {}): IcmpSocket {
  return inNetns(opts.netns, () => createIcmp(opts.interface));
}

function createIcmp(ifname: string | undefined): IcmpSocket {
  const fd = check(sys.socket(C.AF_INET, C.SOCK_RAW | C.SOCK_NONBLOCK | C.SOCK_CLOEXEC, C.IPPROTO_ICMP), 'socket ICMP');
  try {
    // ICMP_FILTER (raw(7)): a set bit blocks that type; let only echo replies wake us.
    check(
      sys.setsockopt(fd, C.SOL_RAW, C.ICMP_FILTER, Uint32Array.of(~(1 << ICMP_ECHO_REPLY) >>> 0), 4),
      'ICMP_FILTER',
    );
    if (ifname) {
      const dev = cString(ifname);
      check(sys.setsockopt(fd, C.SOL_SOCKET, C.SO_BINDTODEVICE, dev, dev.length), `bind to device ${ifname}`);
    }
    return new IcmpSocket(fd);
  } catch (err) {
    sys.close(fd);
    throw err;
  }
}

/** One probe on a socket of its own: rtt in ms, or null after timeoutMs. */
export async function ping(address: string, opts: PingOptions): Promise<number | null> {
  const socket = openIcmp(opts);
  try {
    return await socket.ping(address, opts.timeoutMs);
  } finally {
    socket.close();
  }
}
