import { Batch, type DatagramSocket } from '@paddock/netio';
import { ChunkCache, type Located } from './chunk-cache.ts';
import { decodePacket, ErrorCode, encodePacket, Opcode, type TftpOption } from './codec.ts';
import type { SourceFile } from './file-source.ts';
import type { TransferSettings } from './options.ts';
import type { ReadTransfer, TransferAction, TransferOutcome, TransferStats } from './transfer.ts';

/** Bytes of DATA sent in one sendmmsg burst before yielding to the event loop. */
const BURST_BYTES = 64 * 1024;

export interface Peer {
  address: string;
  port: number;
}

/** What one transfer saw beyond the transfer statistics. */
export interface SessionStats extends TransferStats {
  unknownTid: number;
  garbage: number;
}

export interface SessionOptions {
  socket: DatagramSocket;
  peer: Peer;
  file: SourceFile;
  machine: ReadTransfer;
  settings: TransferSettings;
  oack: TftpOption[];
  now: () => number;
  onEnd: (outcome: TransferOutcome | { kind: 'failed'; reason: string }, stats: SessionStats) => void;
}

type SendData = Extract<TransferAction, { kind: 'send-data' }>;

/**
 * The I/O shell around one `ReadTransfer`: its own socket (RFC 1350 §4: the server's TID), one
 * timer re-armed in place, and a chunk cache in native memory. Each window leaves in one
 * sendmmsg(2) whose DATA packets point into the cache: a 4-byte header each, no copies.
 * Work that waits for a read is queued, so blocks still leave in order.
 */
export class TransferSession {
  readonly #o: SessionOptions;
  readonly #cache: ChunkCache;
  readonly #batch: Batch;
  #generation = 0;
  #queue: Promise<void> = Promise.resolve();
  #pending = 0;
  #timer: NodeJS.Timeout | undefined;
  #timerWait = -1;
  #unknownTid = 0;
  #garbage = 0;
  #closed = false;

  constructor(options: SessionOptions) {
    this.#o = options;
    const { blksize, windowsize } = options.settings;
    this.#cache = new ChunkCache(options.file, blksize, windowsize);
    this.#batch = new Batch(Math.max(1, windowsize), 4);
    this.#batch.destination(options.peer.address, options.peer.port);
    options.socket.on('message', (d) => this.#onMessage(d.data, d.remote));
    options.socket.on('error', (err) => this.abort(`socket error: ${err.message}`));
  }

  start(): void {
    this.#apply(this.#o.machine.start(this.#o.now()));
  }

  /** Ends the transfer without a verdict from the state machine (shutdown, I/O failure). */
  abort(reason: string): void {
    this.#finish({ kind: 'failed', reason });
  }

  #onMessage(msg: Uint8Array, from: Peer): void {
    if (this.#closed) return;
    const { peer, machine, now } = this.#o;
    if (from.address !== peer.address || from.port !== peer.port) {
      // RFC 1350 §4: a packet from a foreign TID gets ERROR 5 and leaves the transfer alone;
      // an ERROR is never answered, so two servers cannot ping-pong.
      this.#unknownTid++;
      if (msg.length >= 2 && msg[1] === 5 && msg[0] === 0) return;
      this.#send(
        encodePacket({ op: 'error', code: ErrorCode.unknownTransferId, message: 'Unknown transfer ID' }),
        from,
      );
      return;
    }
    // An ACK is the packet of the hot path: read it without the general decoder's allocations.
    if (msg.length === 4 && msg[0] === 0 && msg[1] === Opcode.ack) {
      this.#apply(machine.onAck((msg[2]! << 8) | msg[3]!, now()));
      return;
    }
    const decoded = decodePacket(msg);
    if (!decoded.ok) {
      this.#garbage++;
      return;
    }
    const p = decoded.packet;
    if (p.op === 'ack') this.#apply(machine.onAck(p.block, now()));
    else if (p.op === 'error') this.#apply(machine.onError(p.code, p.message, now()));
    else this.#garbage++;
  }

  #apply(actions: TransferAction[]): void {
    this.#arm();
    if (actions.length === 0) return;
    const first = actions[0]!;
    if (first.kind !== 'send-data') {
      // A transfer's non-data actions come alone (an OACK, or the end).
      if (this.#pending === 0) this.#perform(first);
      else this.#enqueue(async () => this.#perform(first));
      return;
    }
    const window = actions as SendData[];
    // Fast path: with nothing queued and the window's chunks resident, send now. A lockstep
    // transfer is one ACK in, one DATA out: a promise hop per block would halve its speed.
    if (this.#pending === 0 && this.#sendWindow(window)) return;
    const last = window[window.length - 1]!;
    this.#enqueue(async () => {
      await this.#cache.load(first.offset, last.offset + last.length);
      if (!this.#closed && !this.#sendWindow(window)) throw new Error('chunk not resident after its read');
    });
  }

  #enqueue(work: () => Promise<void>): void {
    this.#pending++;
    this.#queue = this.#queue
      .then(work)
      .catch((err: Error) => this.abort(`read failed: ${err.message}`))
      .finally(() => this.#pending--);
  }

  #perform(action: Exclude<TransferAction, SendData>): void {
    if (this.#closed) return;
    if (action.kind === 'end') this.#finish(action.outcome);
    else this.#send(encodePacket({ op: 'oack', options: this.#o.oack }));
  }

  /**
   * Sends a window in sendmmsg batches of at most BURST_BYTES, the next batch on the next turn
   * of the event loop; false (nothing sent) when a chunk is not resident yet. A 16 × 8 KiB window
   * in one burst overruns a busy receiver's default socket buffer (~200 KiB of skbs), losing the
   * window's tail every time and costing the client a timeout per window.
   */
  #sendWindow(window: SendData[]): boolean {
    if (this.#closed) return true;
    const located: Located[] = [];
    for (const a of window) {
      const at = this.#cache.locate(a.offset, a.length);
      if (!at) return false;
      located.push(at);
    }
    this.#cache.prefetch(window[0]!.offset);
    // A newer window (after an ACK) supersedes what is left of this one; its chunk may be reused.
    this.#sendBurst(window, located, 0, ++this.#generation);
    return true;
  }

  #sendBurst(window: SendData[], located: Located[], start: number, generation: number): void {
    if (this.#closed || generation !== this.#generation) return;
    const batch = this.#batch;
    batch.clear();
    let i = start;
    for (let bytes = 0; i < window.length && (i === start || bytes + window[i]!.length <= BURST_BYTES); i++) {
      const a = window[i]!;
      const at = located[i]!;
      const h = batch.add(at.block, at.at, a.length);
      h[0] = 0;
      h[1] = Opcode.data;
      h[2] = a.block >> 8;
      h[3] = a.block & 0xff;
      bytes += a.length;
    }
    try {
      // Datagrams the kernel had no room for are lost packets: the timer resends them.
      this.#o.socket.sendBatch(batch);
    } catch (err) {
      this.abort(`send failed: ${(err as Error).message}`);
      return;
    }
    if (i < window.length) setImmediate(() => this.#sendBurst(window, located, i, generation));
  }

  #arm(): void {
    const deadline = this.#o.machine.deadline;
    if (deadline === undefined || this.#closed) {
      clearTimeout(this.#timer);
      return;
    }
    const wait = Math.max(0, deadline - this.#o.now());
    // One timer per transfer, re-armed in place: cheaper than a new timer per ACK.
    if (this.#timer && Math.abs(wait - this.#timerWait) < 1) this.#timer.refresh();
    else {
      clearTimeout(this.#timer);
      this.#timerWait = wait;
      this.#timer = setTimeout(() => this.#apply(this.#o.machine.onTimeout(this.#o.now())), wait);
    }
  }

  #send(bytes: Uint8Array, to: Peer = this.#o.peer): void {
    if (this.#closed) return;
    try {
      // A full queue or an ICMP unreachable (ECONNREFUSED) is like a lost packet.
      this.#o.socket.send(bytes, to.address, to.port);
    } catch (err) {
      this.abort(`send failed: ${(err as Error).message}`);
    }
  }

  #finish(outcome: TransferOutcome | { kind: 'failed'; reason: string }): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#o.socket.close();
    this.#batch.free();
    this.#cache.free();
    void this.#o.file.close().catch(() => {});
    this.#o.onEnd(outcome, { ...this.#o.machine.stats, unknownTid: this.#unknownTid, garbage: this.#garbage });
  }
}
