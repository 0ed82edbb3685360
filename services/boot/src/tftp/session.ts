import type { Socket } from 'node:dgram';
import { decodePacket, ErrorCode, encodePacket, type TftpOption } from './codec.ts';
import type { SourceFile } from './file-source.ts';
import type { ReadTransfer, TransferAction, TransferOutcome, TransferStats } from './transfer.ts';

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
  socket: Socket;
  peer: Peer;
  file: SourceFile;
  machine: ReadTransfer;
  oack: TftpOption[];
  now: () => number;
  onEnd: (outcome: TransferOutcome | { kind: 'failed'; reason: string }, stats: SessionStats) => void;
}

/** Reads ahead this much so a 64 MiB file costs one buffer per client, not 64 MiB. */
const CHUNK = 64 * 1024;

/**
 * The I/O shell around one `ReadTransfer`: its own socket (RFC 1350 §4: the server's TID),
 * a timer, and chunked reads. Work is queued so blocks leave in order even though reads await.
 */
export class TransferSession {
  readonly #o: SessionOptions;
  #queue: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #chunk: { offset: number; bytes: Uint8Array } = { offset: 0, bytes: new Uint8Array(0) };
  #unknownTid = 0;
  #garbage = 0;
  #closed = false;

  constructor(options: SessionOptions) {
    this.#o = options;
    options.socket.on('message', (msg, rinfo) => this.#onMessage(msg, rinfo));
    options.socket.on('error', (err) => this.abort(`socket error: ${err.message}`));
  }

  start(): void {
    this.#apply(this.#o.machine.start(this.#o.now()));
  }

  /** Ends the transfer without a verdict from the state machine (shutdown, I/O failure). */
  abort(reason: string): void {
    this.#finish({ kind: 'failed', reason });
  }

  #onMessage(msg: Buffer, from: Peer): void {
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
    for (const action of actions) this.#queue = this.#queue.then(() => this.#perform(action));
    this.#queue = this.#queue.catch((err: Error) => this.abort(`read failed: ${err.message}`));
  }

  async #perform(action: TransferAction): Promise<void> {
    if (this.#closed) return;
    if (action.kind === 'end') return this.#finish(action.outcome);
    if (action.kind === 'send-oack') return this.#send(encodePacket({ op: 'oack', options: this.#o.oack }));
    const data = await this.#read(action.offset, action.length);
    this.#send(encodePacket({ op: 'data', block: action.block, data }));
  }

  async #read(offset: number, length: number): Promise<Uint8Array> {
    const c = this.#chunk;
    if (offset < c.offset || offset + length > c.offset + c.bytes.length) {
      this.#chunk = { offset, bytes: await this.#o.file.read(offset, Math.max(CHUNK, length)) };
    }
    const at = offset - this.#chunk.offset;
    return this.#chunk.bytes.subarray(at, at + length);
  }

  #arm(): void {
    clearTimeout(this.#timer);
    const deadline = this.#o.machine.deadline;
    if (deadline === undefined || this.#closed) return;
    const wait = Math.max(0, deadline - this.#o.now());
    this.#timer = setTimeout(() => this.#apply(this.#o.machine.onTimeout(this.#o.now())), wait);
  }

  #send(bytes: Uint8Array, to: Peer = this.#o.peer): void {
    if (this.#closed) return;
    // A send failure (ICMP unreachable surfacing as ECONNREFUSED) is like a lost packet.
    this.#o.socket.send(bytes, to.port, to.address, () => {});
  }

  #finish(outcome: TransferOutcome | { kind: 'failed'; reason: string }): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#o.socket.close();
    void this.#o.file.close().catch(() => {});
    this.#o.onEnd(outcome, { ...this.#o.machine.stats, unknownTid: this.#unknownTid, garbage: this.#garbage });
  }
}
