import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';

export interface Timing {
  /** Wait for the first try; each retry doubles it (exponential backoff). */
  timeoutMs: number;
  attempts: number;
}

export const DEFAULT_TIMING: Timing = { timeoutMs: 1000, attempts: 3 };

/**
 * The only I/O of the IPMI client: one connected UDP socket. `exchange` sends, then hands each
 * datagram to `judge` until it returns a value or throws; a timeout resends (via `packet`, so a
 * retry can carry a fresh sequence number) with a doubled wait. Datagrams `judge` passes over
 * (undefined) are garbage or late answers and are counted, never fatal.
 */
export class UdpShell {
  readonly #socket: Socket;
  #listener: ((b: Uint8Array) => void) | undefined;
  #lastError = '';
  dropped = 0;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('message', (b) => this.#listener?.(new Uint8Array(b)));
    // Connected UDP reports ICMP port unreachable as ECONNREFUSED: keep it as the reason a
    // retry gives up with, since the next try may still succeed.
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.#lastError = err.code === 'ECONNREFUSED' ? 'nothing listens on that UDP port' : err.message;
    });
  }

  static async open(host: string, port: number): Promise<UdpShell> {
    const socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(port, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new UdpShell(socket);
  }

  /** The last socket-level problem, for the message when all tries went unanswered. */
  get lastError(): string {
    return this.#lastError;
  }

  async exchange<T>(
    packet: () => Uint8Array,
    judge: (b: Uint8Array) => T | undefined,
    t: Timing,
  ): Promise<T | undefined> {
    let wait = t.timeoutMs;
    for (let i = 0; i < t.attempts; i++) {
      this.#socket.send(packet(), (err) => {
        if (err)
          this.#lastError =
            (err as NodeJS.ErrnoException).code === 'ECONNREFUSED' ? 'nothing listens on that UDP port' : err.message;
      });
      const got = await this.#wait(judge, wait);
      if (got !== undefined) return got;
      wait *= 2;
    }
    return undefined;
  }

  #wait<T>(judge: (b: Uint8Array) => T | undefined, ms: number): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.#listener = undefined;
      };
      const timer = setTimeout(() => {
        done();
        resolve(undefined);
      }, ms);
      this.#listener = (b) => {
        try {
          const v = judge(b);
          if (v === undefined) {
            this.dropped++;
            return;
          }
          done();
          resolve(v);
        } catch (err) {
          done();
          reject(err);
        }
      };
    });
  }

  close(): void {
    this.#listener = undefined;
    this.#socket.close();
  }
}
