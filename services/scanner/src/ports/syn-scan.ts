/**
 * SYN ("half-open") scan, nmap -sS's method: a SYN per port from a packet socket; a SYN-ACK
 * acknowledging our sequence number means open, a RST closed, silence after a retry filtered.
 * Our kernel has no socket on the source port, so it answers the SYN-ACK with a RST itself and
 * no connection is ever made. Frames need the target's MAC, so the targets are first resolved
 * with an ARP scan: this works on the scanning interface's own subnets only.
 */
import { performance } from 'node:perf_hooks';
import {
  ETH_P_IP,
  openPacket,
  type PacketFrame,
  peekTcpReply,
  SynFrameBuilder,
  TCP_ACK,
  TCP_RST,
  TCP_SYN,
} from '@paddock/netio';
import { ipv4ToNumber } from '@paddock/wire';
import { arpScan } from '../arp/arp-scan.ts';
import { describeInterface } from '../scan/scan-interface.ts';
import type { ProbeResult } from './probe-result.ts';

export interface SynScanOptions {
  interface: string;
  netns?: string;
  timeoutMs: number;
  hosts: readonly string[];
}

interface Pending {
  seq: number;
  settle(state: ProbeResult['state'], reason: string): void;
}

/** Pending probes are keyed by address and port as one number (2^48 fits a double exactly). */
const keyOf = (ip: number, port: number) => ip * 65536 + port;

export class SynScanner {
  readonly ready: Promise<void>;
  readonly #opts: SynScanOptions;
  readonly #iface: ReturnType<typeof describeInterface>;
  readonly #socket: ReturnType<typeof openPacket>;
  readonly #builders = new Map<string, SynFrameBuilder>();
  readonly #pending = new Map<number, Pending>();
  readonly #sourcePort = 40_000 + Math.floor(Math.random() * 20_000);
  #ipId = Math.floor(Math.random() * 0x10000);

  constructor(opts: SynScanOptions) {
    this.#opts = opts;
    this.#iface = describeInterface(opts.interface, opts.netns);
    // A SYN scan's replies come in bursts of hundreds, more than the default ~200 KB holds as frames.
    this.#socket = openPacket({
      interface: opts.interface,
      protocol: ETH_P_IP,
      netns: opts.netns,
      receiveBuffer: 8 << 20,
    });
    this.#socket.on('message', (f: PacketFrame) => this.#onFrame(f));
    this.ready = this.#resolveMacs();
  }

  async #resolveMacs(): Promise<void> {
    const r = await arpScan({
      interface: this.#opts.interface,
      netns: this.#opts.netns,
      targets: this.#opts.hosts,
      senderIp: this.#iface.senderFor(this.#opts.hosts[0]!),
      senderMac: this.#iface.mac,
      policy: { rate: 1000, tries: 3, timeoutMs: 300, backoff: 1.5, adaptive: true, minTimeoutMs: 50, lingerMs: 300 },
    });
    for (const s of r.sightings) {
      if (this.#builders.has(s.ip)) continue;
      this.#builders.set(
        s.ip,
        new SynFrameBuilder({
          sourceMac: this.#iface.mac,
          destinationMac: s.mac,
          source: this.#iface.senderFor(s.ip),
          destination: s.ip,
          sourcePort: this.#sourcePort,
        }),
      );
    }
  }

  #onFrame(f: PacketFrame): void {
    const seg = peekTcpReply(f.frame);
    if (!seg || seg.destinationPort !== this.#sourcePort) return;
    const p = this.#pending.get(keyOf(seg.source, seg.sourcePort));
    if (!p || seg.ack !== (p.seq + 1) >>> 0) return;
    if ((seg.flags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK)) p.settle('open', 'syn-ack');
    else if (seg.flags & TCP_RST) p.settle('closed', 'reset');
  }

  probe(ip: string, port: number): Promise<ProbeResult> {
    const started = performance.now();
    const builder = this.#builders.get(ip);
    const result = (state: ProbeResult['state'], reason: string): ProbeResult => ({
      ip,
      port,
      protocol: 'tcp',
      state,
      reason,
      rttMs: performance.now() - started,
    });
    if (!builder) return Promise.resolve(result('filtered', 'no-arp-reply'));
    const key = keyOf(ipv4ToNumber(ip), port);
    // Not a secret: it only has to match the reply, and other probes' numbers must differ.
    const seq = Math.floor(Math.random() * 2 ** 32);
    return new Promise((resolve) => {
      let tries = 0;
      let timer: NodeJS.Timeout | undefined;
      const settle = (state: ProbeResult['state'], reason: string) => {
        clearTimeout(timer);
        this.#pending.delete(key);
        resolve(result(state, reason));
      };
      const send = () => {
        // nmap retransmits a silent SYN once at default timing; so do we.
        if (tries++ >= 2) return settle('filtered', 'no-response');
        this.#ipId = (this.#ipId + 1) & 0xffff;
        this.#socket.send(builder.frame(port, seq, this.#ipId));
        timer = setTimeout(send, this.#opts.timeoutMs);
      };
      this.#pending.set(key, { seq, settle });
      send();
    });
  }

  close(): void {
    for (const p of [...this.#pending.values()]) p.settle('filtered', 'cancelled');
    this.#socket.close();
  }
}
