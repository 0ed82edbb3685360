import { createSocket, type Socket } from 'node:dgram';
import { LinkWindow } from './link-window.ts';
import { decodeProbe, encodeProbe } from './probe-codec.ts';

/** A probe not answered within this long is lost. */
const TIMEOUT_MS = 1000;

/**
 * Measures the direct underlay path to each peer with UDP probes (and answers the peers'),
 * whatever path WireGuard takes meanwhile: that is how a pair relayed today learns it may go
 * direct again, and how a dead relay is noticed. One socket on the network's probe port.
 */
export class Prober {
  readonly #socket: Socket;
  readonly #port: number;
  readonly #windows = new Map<string, LinkWindow>();
  readonly #pending = new Map<number, { peer: string; sent: bigint }>();
  #targets = new Map<string, string>();
  /** The port each peer's probes come from: behind a NAT, where ours get through to it. */
  readonly #ports = new Map<string, number>();
  #seq = 0;
  drops = 0;

  private constructor(socket: Socket, port: number) {
    this.#socket = socket;
    this.#port = port;
    socket.on('message', (msg, rinfo) => this.#onMessage(msg, rinfo.address, rinfo.port));
  }

  static async open(port: number): Promise<Prober> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', () => {
      // A send to an unreachable host errors per packet: the probe is simply lost.
    });
    return new Prober(socket, port);
  }

  /** The peers to probe, by name: their underlay host. */
  setTargets(targets: Map<string, string>): void {
    this.#targets = targets;
    for (const name of this.#windows.keys()) if (!targets.has(name)) this.#windows.delete(name);
    for (const name of this.#ports.keys()) if (!targets.has(name)) this.#ports.delete(name);
  }

  /** Sends one round of probes, judging as lost those of earlier rounds still unanswered. */
  tick(): void {
    const now = process.hrtime.bigint();
    for (const [seq, p] of this.#pending) {
      if (now - p.sent > BigInt(TIMEOUT_MS) * 1_000_000n) {
        this.#pending.delete(seq);
        this.#window(p.peer).push(undefined);
      }
    }
    for (const [peer, host] of this.#targets) {
      this.#seq = (this.#seq + 1) >>> 0;
      const seq = this.#seq;
      this.#pending.set(seq, { peer, sent: process.hrtime.bigint() });
      this.#socket.send(encodeProbe({ kind: 'request', seq }), this.#ports.get(peer) ?? this.#port, host);
    }
  }

  window(peer: string): LinkWindow | undefined {
    return this.#windows.get(peer);
  }

  close(): void {
    this.#socket.close();
  }

  #window(peer: string): LinkWindow {
    return this.#windows.get(peer) ?? this.#windows.set(peer, new LinkWindow()).get(peer)!;
  }

  #onMessage(msg: Buffer, address: string, port: number): void {
    const p = decodeProbe(msg);
    if ('drop' in p) {
      this.drops++;
      return;
    }
    if (p.kind === 'request') {
      this.#socket.send(encodeProbe({ kind: 'answer', seq: p.seq }), port, address);
      // A symmetric NAT opens a port per destination: ours reach the peer only at the one its probes use.
      for (const [peer, host] of this.#targets) if (host === address) this.#ports.set(peer, port);
      return;
    }
    const sent = this.#pending.get(p.seq);
    if (!sent || this.#targets.get(sent.peer) !== address) return;
    this.#pending.delete(p.seq);
    this.#window(sent.peer).push(Number((process.hrtime.bigint() - sent.sent) / 1000n));
  }
}
