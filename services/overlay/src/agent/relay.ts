import { createSocket, type Socket } from 'node:dgram';
import type { Forward } from './desired.ts';
import type { Relay } from './kernel-relay.ts';

interface Pair {
  key: string;
  sockets: [Socket, Socket];
}

const split = (endpoint: string) => {
  const i = endpoint.lastIndexOf(':');
  return { host: endpoint.slice(0, i), port: Number(endpoint.slice(i + 1)) };
};

/**
 * The relay side of a relayed pair with a side behind NAT (pairs of public members are relayed
 * in the kernel, `kernel-relay.ts`): a UDP datagram from `a` on portA leaves from portB to `b`,
 * and back. Only the bytes of WireGuard's UDP payload pass through, already encrypted end to end
 * between a and b: this node holds neither's keys and cannot read or forge what it forwards. Each
 * side's packets are taken only from that member's underlay host, and answered at the port they
 * came from (a NAT may have changed it).
 */
export class RelayForwarder implements Relay {
  readonly #pairs = new Map<string, Pair>();
  forwarded = 0;

  async set(forwards: Forward[]): Promise<void> {
    const wanted = new Map(forwards.map((f) => [`${f.portA}/${f.portB}/${f.a}/${f.b}`, f]));
    for (const [key, pair] of this.#pairs) {
      if (wanted.has(key)) continue;
      for (const s of pair.sockets) s.close();
      this.#pairs.delete(key);
    }
    for (const [key, f] of wanted) if (!this.#pairs.has(key)) this.#pairs.set(key, await this.#open(key, f));
  }

  close(): void {
    for (const p of this.#pairs.values()) for (const s of p.sockets) s.close();
    this.#pairs.clear();
  }

  async #open(key: string, f: Forward): Promise<Pair> {
    const [sa, sb] = [createSocket('udp4'), createSocket('udp4')];
    const peers = [split(f.a), split(f.b)];
    const pairs: [Socket, Socket][] = [
      [sa, sb],
      [sb, sa],
    ];
    for (const [i, [from, to]] of pairs.entries()) {
      from.on('error', () => {
        // An unreachable side (ICMP) fails one send; WireGuard retries.
      });
      from.on('message', (msg, rinfo) => {
        const self = peers[i]!;
        if (rinfo.address !== self.host) return;
        self.port = rinfo.port;
        const other = peers[1 - i]!;
        to.send(msg, other.port, other.host);
        this.forwarded++;
      });
    }
    await Promise.all([bind(sa, f.portA), bind(sb, f.portB)]);
    return { key, sockets: [sa, sb] };
  }
}

function bind(s: Socket, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.bind(port, () => {
      s.off('error', reject);
      resolve();
    });
  });
}
