/**
 * UDP scan: each probe from a socket of its own (so any answer on it, a TFTP server's reply
 * from a fresh port included, belongs to that probe), with a protocol payload where one is
 * known; one packet socket reads ICMP unreachables for the whole scan. An answer means open,
 * port unreachable closed (RFC 1122 §4.1.3.1), another unreachable code filtered, silence
 * after every try open|filtered. Targets rate-limit their ICMP errors (Linux: icmp_ratelimit),
 * which is why closed ports of a Linux host may come back as open|filtered when scanned fast.
 */
import { performance } from 'node:perf_hooks';
import { ETH_P_IP, openPacket, openUdp, type PacketFrame, type UdpSocket } from '@paddock/netio';
import { decodeUnreachable, PORT_UNREACHABLE } from './icmp-unreachable.ts';
import type { ProbeResult } from './probe-result.ts';
import { udpProbeFor } from './udp-probes.ts';

export interface UdpScanOptions {
  interface: string;
  netns?: string;
  timeoutMs: number;
  /** Extra tries for silent ports. */
  retries: number;
}

type Settle = (state: ProbeResult['state'], reason: string) => void;

export class UdpScanner {
  readonly #opts: UdpScanOptions;
  readonly #icmp: ReturnType<typeof openPacket>;
  /** Probes waiting for an ICMP verdict, by "target:port:ourPort". */
  readonly #waiting = new Map<string, Settle>();
  #seq = Math.floor(Math.random() * 0xffff);

  constructor(opts: UdpScanOptions) {
    this.#opts = opts;
    this.#icmp = openPacket({ interface: opts.interface, protocol: ETH_P_IP, netns: opts.netns });
    this.#icmp.on('message', (f: PacketFrame) => this.#onFrame(f));
  }

  #onFrame(f: PacketFrame): void {
    const u = decodeUnreachable(f.frame);
    if (u?.protocol !== 17) return;
    const settle = this.#waiting.get(`${u.destination}:${u.destinationPort}:${u.sourcePort}`);
    settle?.(
      u.code === PORT_UNREACHABLE ? 'closed' : 'filtered',
      u.code === PORT_UNREACHABLE ? 'port-unreachable' : `icmp-unreachable-${u.code}`,
    );
  }

  probe(ip: string, port: number): Promise<ProbeResult> {
    const socket: UdpSocket = openUdp({ interface: this.#opts.interface, port: 0, netns: this.#opts.netns });
    const key = `${ip}:${port}:${socket.port}`;
    const started = performance.now();
    const { payload } = udpProbeFor(port, this.#seq++);
    return new Promise((resolve) => {
      let tries = 0;
      let timer: NodeJS.Timeout | undefined;
      const settle: Settle = (state, reason) => {
        clearTimeout(timer);
        this.#waiting.delete(key);
        socket.close();
        resolve({ ip, port, protocol: 'udp', state, reason, rttMs: performance.now() - started });
      };
      const send = () => {
        if (tries++ > this.#opts.retries) return settle('open|filtered', 'no-response');
        socket.send(payload, ip, port);
        timer = setTimeout(send, this.#opts.timeoutMs);
      };
      socket.on('message', (d) => {
        if (d.remote.address === ip) settle('open', 'udp-response');
      });
      this.#waiting.set(key, settle);
      send();
    });
  }

  close(): void {
    for (const settle of [...this.#waiting.values()]) settle('open|filtered', 'cancelled');
    this.#icmp.close();
  }
}
