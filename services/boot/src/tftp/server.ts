import { createSocket, type Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { ErrorCode, encodePacket, type TftpOption } from './codec.ts';
import type { FileSource, SourceFile } from './file-source.ts';
import { netasciiFile } from './netascii.ts';
import { DEFAULT_LIMITS, negotiate, type ServerLimits } from './options.ts';
import { planRequest } from './request.ts';
import type { RtoConfig } from './rto.ts';
import { ServerCounters } from './server-counters.ts';
import { type Peer, type SessionStats, TransferSession } from './session.ts';
import { ReadTransfer } from './transfer.ts';

export interface TftpServerOptions {
  source: FileSource;
  address: string;
  port: number;
  limits?: ServerLimits;
  rto?: RtoConfig;
  maxRetries?: number;
  maxTransfers?: number;
}

export interface TransferInfo {
  id: number;
  client: Peer;
  filename: string;
}

export interface TftpServerEvents {
  request: [TransferInfo & { options: TftpOption[] }];
  complete: [TransferInfo & { outcome: 'complete' | 'probe'; stats: SessionStats }];
  failed: [TransferInfo & { reason: string; stats?: SessionStats }];
}

const sendAndClose = (socket: Socket, bytes: Uint8Array, to: Peer) =>
  new Promise<void>((resolve) => socket.send(bytes, to.port, to.address, () => socket.close(() => resolve())));

/**
 * A read-only TFTP server over plain UDP: a listener for requests and one `TransferSession`,
 * on its own ephemeral socket, per transfer. All decisions are made by the pure modules.
 */
export class TftpServer extends EventEmitter<TftpServerEvents> {
  readonly counters = new ServerCounters();
  readonly #o: TftpServerOptions;
  readonly #sessions = new Map<string, TransferSession>();
  readonly #pending = new Set<string>();
  #socket: Socket | undefined;
  #nextId = 1;

  constructor(options: TftpServerOptions) {
    super();
    this.#o = options;
  }

  get activeTransfers(): number {
    return this.#sessions.size;
  }

  async listen(): Promise<Peer> {
    const socket = createSocket('udp4');
    this.#socket = socket;
    socket.on('message', (msg, rinfo) => {
      const key = `${rinfo.address}:${rinfo.port}`;
      // A client resending its RRQ before our first reply must not start a second transfer.
      if (this.#sessions.has(key) || this.#pending.has(key)) return this.counters.drop('repeated request');
      this.#pending.add(key);
      this.#onRequest(msg, rinfo)
        .catch((err: Error) => this.counters.drop(`internal error: ${err.message}`))
        .finally(() => this.#pending.delete(key));
    });
    socket.on('error', () => this.counters.drop('listener socket error'));
    await new Promise<void>((resolve) => socket.bind(this.#o.port, this.#o.address, resolve));
    const { address, port } = socket.address();
    return { address, port };
  }

  async close(): Promise<void> {
    for (const s of this.#sessions.values()) s.abort('server closing');
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  async #onRequest(msg: Buffer, from: Peer): Promise<void> {
    const verdict = planRequest(msg);
    if (verdict.kind === 'drop') return this.counters.drop(verdict.reason);
    this.counters.requests++;
    const socket = await this.#transferSocket();
    if (verdict.kind === 'refuse') return this.#refuse(socket, from, verdict.code, verdict.message);
    const info: TransferInfo = { id: this.#nextId++, client: from, filename: verdict.filename };
    this.emit('request', { ...info, options: verdict.options });
    if (this.#sessions.size >= (this.#o.maxTransfers ?? 1000)) {
      return this.#fail(info, socket, ErrorCode.undefined, 'Server busy');
    }
    const opened = await this.#o.source.open(verdict.filename);
    if (!opened.ok) {
      const code = opened.error === 'not-found' ? ErrorCode.fileNotFound : ErrorCode.accessViolation;
      return this.#fail(info, socket, code, opened.error === 'not-found' ? 'File not found' : 'Access violation');
    }
    const file = verdict.mode === 'netascii' ? await netasciiFile(opened.file) : opened.file;
    if (!file) return this.#fail(info, socket, ErrorCode.undefined, 'File too large for netascii');
    const n = negotiate(verdict.options, file.size, this.#o.limits ?? DEFAULT_LIMITS);
    if (n.kind === 'refuse') {
      await file.close();
      return this.#fail(info, socket, ErrorCode.optionRefused, n.message);
    }
    this.#run(
      info,
      socket,
      file,
      n.oack,
      new ReadTransfer({ ...this.#o, size: file.size, settings: n.settings, oack: n.oack.length > 0 }),
    );
  }

  #run(info: TransferInfo, socket: Socket, file: SourceFile, oack: TftpOption[], machine: ReadTransfer): void {
    const key = `${info.client.address}:${info.client.port}`;
    const session = new TransferSession({
      socket,
      peer: info.client,
      file,
      machine,
      oack,
      now: () => performance.now(),
      onEnd: (outcome, stats) => {
        this.#sessions.delete(key);
        this.counters.record(outcome, stats);
        if (outcome.kind === 'complete' || outcome.kind === 'probe') {
          this.emit('complete', { ...info, outcome: outcome.kind, stats });
        } else {
          const reason =
            outcome.kind === 'client-error'
              ? `client error ${outcome.code}: ${outcome.message}`
              : outcome.kind === 'failed'
                ? outcome.reason
                : 'timed out';
          this.emit('failed', { ...info, reason, stats });
        }
      },
    });
    this.#sessions.set(key, session);
    session.start();
  }

  async #transferSocket(): Promise<Socket> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, this.#o.address, resolve));
    return socket;
  }

  /** Errors answer from a fresh TID too, as RFC 1350 §4 has every reply to a request do. */
  async #refuse(socket: Socket, to: Peer, code: number, message: string): Promise<void> {
    this.counters.refused++;
    await sendAndClose(socket, encodePacket({ op: 'error', code, message }), to);
  }

  async #fail(info: TransferInfo, socket: Socket, code: number, message: string): Promise<void> {
    this.emit('failed', { ...info, reason: `${message} (ERROR ${code})` });
    await this.#refuse(socket, info.client, code, message);
  }
}
