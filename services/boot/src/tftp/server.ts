import { createSocket, type Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { type DatagramSocket, openDatagram } from '@paddock/netio';
import { ErrorCode, encodePacket, type TftpOption } from './codec.ts';
import type { FileSource, SourceFile } from './file-source.ts';
import { netasciiFile } from './netascii.ts';
import { DEFAULT_LIMITS, negotiate, type ServerLimits, type TransferSettings } from './options.ts';
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

function sendAndClose(socket: DatagramSocket, bytes: Uint8Array, to: Peer): void {
  try {
    socket.send(bytes, to.address, to.port);
  } finally {
    socket.close();
  }
}

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
    const socket = this.#transferSocket();
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
    this.#run(info, socket, file, n.oack, n.settings);
  }

  #run(
    info: TransferInfo,
    socket: DatagramSocket,
    file: SourceFile,
    oack: TftpOption[],
    settings: TransferSettings,
  ): void {
    const key = `${info.client.address}:${info.client.port}`;
    const machine = new ReadTransfer({ ...this.#o, size: file.size, settings, oack: oack.length > 0 });
    const session = new TransferSession({
      socket,
      peer: info.client,
      file,
      machine,
      settings,
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

  /** A transfer's own socket (its TID), from netio: it sends a whole window per system call. */
  #transferSocket(): DatagramSocket {
    return openDatagram({ address: this.#o.address, port: 0 });
  }

  /** Errors answer from a fresh TID too, as RFC 1350 §4 has every reply to a request do. */
  #refuse(socket: DatagramSocket, to: Peer, code: number, message: string): void {
    this.counters.refused++;
    sendAndClose(socket, encodePacket({ op: 'error', code, message }), to);
  }

  #fail(info: TransferInfo, socket: DatagramSocket, code: number, message: string): void {
    this.emit('failed', { ...info, reason: `${message} (ERROR ${code})` });
    this.#refuse(socket, info.client, code, message);
  }
}
