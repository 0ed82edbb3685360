import { Batch, closeFd, encodeSockaddrIn, MAX_SEGMENTS, receiveFrom, sameSockaddrIn, sendTo } from '@paddock/netio';
import { ChunkCache, type LaneFile, type Located } from './chunk-cache.ts';
import { decodePacket, ErrorCode, encodePacket, Opcode } from './codec.ts';
import type { LaneJob } from './lane-protocol.ts';
import { ReadTransfer, type TransferAction, type TransferOutcome, type TransferStats } from './transfer.ts';

/**
 * DATA bytes sent in one burst (the rest of a window follows on the next turn of the loop):
 * one UDP GSO send fits in an IP datagram, so at most 60 KiB and MAX_SEGMENTS blocks.
 */
const BURST_BYTES = 60 * 1024;

/** How a session ended: the state machine's verdict, or a failure around it. */
export type SessionEnd = TransferOutcome | { kind: 'failed'; reason: string };

/** What one transfer saw beyond the transfer statistics. */
export interface SessionStats extends TransferStats {
  unknownTid: number;
  garbage: number;
}

type SendData = Extract<TransferAction, { kind: 'send-data' }>;

/**
 * The I/O shell around one `ReadTransfer`, run by a lane's loop: its own socket (RFC 1350 §4:
 * the server's TID), a chunk cache in native memory, and a window sent by sendmmsg(2) whose
 * DATA packets point into the cache (a 4-byte header each, no copies). The loop calls
 * `onReadable` when the socket has a datagram, `onTimer` past the deadline, and
 * `continueBurst` while a window is still leaving.
 */
export class LaneSession {
  readonly socketFd: number;
  readonly #machine: ReadTransfer;
  readonly #cache: ChunkCache;
  readonly #batch: Batch;
  readonly #peer: Uint8Array;
  readonly #oack: Uint8Array | undefined;
  readonly #onEnd: (outcome: SessionEnd, stats: SessionStats) => void;
  #burst: { window: SendData[]; located: Located[]; next: number } | undefined;
  readonly #blksize: number;
  /** Whether the path takes UDP segmentation offload; cleared at the first refusal. */
  #gso = true;
  #unknownTid = 0;
  #garbage = 0;
  #closed = false;

  constructor(job: LaneJob, file: LaneFile, onEnd: (outcome: SessionEnd, stats: SessionStats) => void) {
    this.socketFd = job.socketFd;
    const { blksize, windowsize } = job.settings;
    this.#blksize = blksize;
    this.#machine = new ReadTransfer({ ...job, oack: job.oack.length > 0 });
    this.#cache = new ChunkCache(file, blksize, windowsize);
    this.#batch = new Batch(Math.max(1, windowsize), 4);
    this.#batch.destination(job.peer.address, job.peer.port);
    this.#peer = encodeSockaddrIn(job.peer.address, job.peer.port);
    this.#oack = job.oack.length > 0 ? encodePacket({ op: 'oack', options: job.oack }) : undefined;
    this.#onEnd = onEnd;
  }

  get ended(): boolean {
    return this.#closed;
  }

  /** When `onTimer` is due, on the loop's clock. */
  get deadline(): number | undefined {
    return this.#closed ? undefined : this.#machine.deadline;
  }

  get sending(): boolean {
    return this.#burst !== undefined;
  }

  start(now: number): void {
    this.#apply(this.#machine.start(now));
  }

  /** One datagram (level-triggered: the loop comes back for the next); `buf` and `from` are scratch. */
  onReadable(buf: Uint8Array, from: Uint8Array, now: number): void {
    if (this.#closed) return;
    const n = this.#guard(() => receiveFrom(this.socketFd, buf, from));
    if (n === undefined || n < 0) return;
    if (!sameSockaddrIn(from, this.#peer)) this.#stranger(buf, n, from);
    // An ACK is the packet of the hot path: read it without the general decoder's allocations.
    else if (n === 4 && buf[0] === 0 && buf[1] === Opcode.ack) {
      this.#apply(this.#machine.onAck((buf[2]! << 8) | buf[3]!, now));
    } else this.#onPacket(buf.subarray(0, n), now);
  }

  #onPacket(bytes: Uint8Array, now: number): void {
    const decoded = decodePacket(bytes);
    if (!decoded.ok) this.#garbage++;
    else if (decoded.packet.op === 'ack') this.#apply(this.#machine.onAck(decoded.packet.block, now));
    else if (decoded.packet.op === 'error') {
      this.#apply(this.#machine.onError(decoded.packet.code, decoded.packet.message, now));
    } else this.#garbage++;
  }

  onTimer(now: number): void {
    if (!this.#closed) this.#apply(this.#machine.onTimeout(now));
  }

  /** Sends the next burst of the window being sent. */
  continueBurst(): void {
    if (this.#burst && !this.#closed) this.#sendBurst(this.#burst);
  }

  /** Ends the transfer without a verdict from the state machine (shutdown, I/O failure). */
  abort(reason: string): void {
    this.#finish({ kind: 'failed', reason });
  }

  /** RFC 1350 §4: a foreign TID gets ERROR 5 and leaves the transfer alone; an ERROR is never answered. */
  #stranger(buf: Uint8Array, n: number, from: Uint8Array): void {
    this.#unknownTid++;
    if (n >= 2 && buf[0] === 0 && buf[1] === Opcode.error) return;
    const reply = encodePacket({ op: 'error', code: ErrorCode.unknownTransferId, message: 'Unknown transfer ID' });
    // `from` is the stranger's sockaddr_in as the kernel wrote it: an address to send to as is.
    this.#guard(() => sendTo(this.socketFd, reply, from));
  }

  #apply(actions: TransferAction[]): void {
    const first = actions[0];
    if (!first || this.#closed) return;
    if (first.kind === 'end') this.#finish(first.outcome);
    else if (first.kind === 'send-oack') {
      const oack = this.#oack;
      if (oack) this.#guard(() => sendTo(this.socketFd, oack, this.#peer));
    } else this.#sendWindow(actions as SendData[]);
  }

  #sendWindow(window: SendData[]): void {
    const located = this.#guard(() => window.map((a) => this.#cache.locate(a.offset, a.length)), 'read failed');
    // A newer window (after an ACK or a timeout) replaces what is left of the previous one.
    if (located) this.#sendBurst({ window, located, next: 0 });
  }

  /**
   * At most BURST_BYTES now: a 16 × 8 KiB window in one burst overruns a busy receiver's
   * socket buffer (~200 KiB of skbs), losing the window's tail and costing a timeout per window.
   * A burst of full blocks leaves as one segmentation-offload send (the network stack is
   * crossed once, not once per block), else as one sendmmsg.
   */
  #sendBurst(burst: { window: SendData[]; located: Located[]; next: number }): void {
    const { window, located } = burst;
    const batch = this.#batch;
    batch.clear();
    let i = burst.next;
    let uniform = true;
    for (let bytes = 0; i < window.length && i - burst.next < MAX_SEGMENTS; i++) {
      const a = window[i]!;
      if (i > burst.next && bytes + a.length > BURST_BYTES) break;
      if (i > burst.next && window[i - 1]!.length !== this.#blksize) uniform = false;
      const h = batch.add(located[i]!.block, located[i]!.at, a.length);
      h[0] = 0;
      h[1] = Opcode.data;
      h[2] = a.block >> 8;
      h[3] = a.block & 0xff;
      bytes += a.length;
    }
    burst.next = i;
    this.#burst = i < window.length ? burst : undefined;
    // Datagrams the kernel had no room for are lost packets: the timer resends them.
    this.#guard(() => {
      if (this.#gso && uniform && batch.count > 1) {
        if (batch.sendSegmented(this.socketFd, this.#blksize + 4) >= 0) return;
        this.#gso = false;
      }
      batch.send(this.socketFd);
    });
  }

  /** Runs an I/O step; a failure ends the transfer. */
  #guard<T>(step: () => T, what = 'socket error'): T | undefined {
    try {
      return step();
    } catch (err) {
      this.abort(`${what}: ${(err as Error).message}`);
      return undefined;
    }
  }

  #finish(outcome: SessionEnd): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#burst = undefined;
    closeFd(this.socketFd);
    this.#batch.free();
    this.#cache.free();
    this.#onEnd(outcome, { ...this.#machine.stats, unknownTid: this.#unknownTid, garbage: this.#garbage });
  }
}
