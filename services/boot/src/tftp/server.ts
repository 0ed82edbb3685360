import { createSocket, type Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { availableParallelism } from 'node:os';
import { bindDatagram, closeFd, encodeSockaddrIn, sendTo } from '@paddock/netio';
import { ErrorCode, encodePacket, type TftpOption } from './codec.ts';
import type { FileSource, SourceFile } from './file-source.ts';
import type { LaneJob, Peer } from './lane-protocol.ts';
import type { SessionEnd, SessionStats } from './lane-session.ts';
import { TftpLanes } from './lanes.ts';
import { netasciiFile } from './netascii.ts';
import { DEFAULT_LIMITS, negotiate, type ServerLimits, type TransferSettings } from './options.ts';
import { planRequest } from './request.ts';
import type { RtoConfig } from './rto.ts';
import { ServerCounters } from './server-counters.ts';

export interface TftpServerOptions {
  source: FileSource;
  address: string;
  port: number;
  limits?: ServerLimits;
  rto?: RtoConfig;
  maxRetries?: number;
  maxTransfers?: number;
  /** Most worker threads running transfers, started as needed (default: 4 per CPU, 4 to 16). */
  lanes?: number;
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

function endReason(outcome: Exclude<SessionEnd, { kind: 'complete' | 'probe' }>): string {
  if (outcome.kind === 'client-error') return `client error ${outcome.code}: ${outcome.message}`;
  return outcome.kind === 'failed' ? outcome.reason : 'timed out';
}

const defaultLanes = () => Math.max(4, Math.min(16, 4 * availableParallelism()));

/**
 * A read-only TFTP server over plain UDP: a listener for requests on this thread, and transfer
 * lanes (worker threads) that run each transfer on its own ephemeral socket. All decisions are
 * made by the pure modules; requests, files and events stay on this thread.
 */
export class TftpServer extends EventEmitter<TftpServerEvents> {
  readonly counters = new ServerCounters();
  readonly #o: TftpServerOptions;
  readonly #sessions = new Map<string, { abort(reason: string): void }>();
  readonly #lanes: TftpLanes;
  readonly #pending = new Set<string>();
  #socket: Socket | undefined;
  #nextId = 1;

  constructor(options: TftpServerOptions) {
    super();
    this.#o = options;
    this.#lanes = new TftpLanes(options.lanes ?? defaultLanes());
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
    this.#lanes.warm();
    const { address, port } = socket.address();
    return { address, port };
  }

  async close(): Promise<void> {
    for (const s of this.#sessions.values()) s.abort('server closing');
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
    await this.#lanes.close();
  }

  async #onRequest(msg: Buffer, from: Peer): Promise<void> {
    const verdict = planRequest(msg);
    if (verdict.kind === 'drop') return this.counters.drop(verdict.reason);
    this.counters.requests++;
    if (verdict.kind === 'refuse') return this.#refuse(from, verdict.code, verdict.message);
    const info: TransferInfo = { id: this.#nextId++, client: from, filename: verdict.filename };
    this.emit('request', { ...info, options: verdict.options });
    if (this.#sessions.size >= (this.#o.maxTransfers ?? 1000)) {
      return this.#fail(info, ErrorCode.undefined, 'Server busy');
    }
    const opened = await this.#o.source.open(verdict.filename);
    if (!opened.ok) {
      const code = opened.error === 'not-found' ? ErrorCode.fileNotFound : ErrorCode.accessViolation;
      return this.#fail(info, code, opened.error === 'not-found' ? 'File not found' : 'Access violation');
    }
    const file = verdict.mode === 'netascii' ? await netasciiFile(opened.file) : opened.file;
    if (!file) return this.#fail(info, ErrorCode.undefined, 'File too large for netascii');
    const n = negotiate(verdict.options, file.size, this.#o.limits ?? DEFAULT_LIMITS);
    if (n.kind === 'refuse') {
      await file.close();
      return this.#fail(info, ErrorCode.optionRefused, n.message);
    }
    await this.#run(info, file, n.oack, n.settings);
  }

  async #run(info: TransferInfo, file: SourceFile, oack: TftpOption[], settings: TransferSettings): Promise<void> {
    const key = `${info.client.address}:${info.client.port}`;
    // A file without a descriptor (netascii, converted in memory) goes to the lane as bytes.
    let body: LaneJob['file'];
    if (file.fd !== undefined) body = { fd: file.fd };
    else {
      body = { bytes: await file.read(0, file.size) };
      await file.close();
    }
    const { rto, maxRetries } = this.#o;
    const socketFd = this.#transferSocket();
    const job: LaneJob = {
      id: info.id,
      socketFd,
      peer: info.client,
      size: file.size,
      file: body,
      settings,
      oack,
      rto,
      maxRetries,
    };
    const end = (outcome: SessionEnd, stats?: SessionStats) => {
      this.#sessions.delete(key);
      if ('fd' in body) void file.close().catch(() => {});
      this.counters.record(outcome, stats);
      if (outcome.kind === 'complete' || outcome.kind === 'probe') {
        this.emit('complete', { ...info, outcome: outcome.kind, stats: stats! });
      } else this.emit('failed', { ...info, reason: endReason(outcome), ...(stats && { stats }) });
    };
    try {
      this.#sessions.set(key, this.#lanes.run(job, end));
    } catch (err) {
      closeFd(socketFd);
      await file.close();
      throw err;
    }
  }

  /** A transfer's own socket (its TID), bound now, watched by whichever thread runs it. */
  #transferSocket(): number {
    return bindDatagram({ address: this.#o.address, port: 0 });
  }

  /** Errors answer from a fresh TID too, as RFC 1350 §4 has every reply to a request do. */
  #refuse(to: Peer, code: number, message: string): void {
    this.counters.refused++;
    const fd = this.#transferSocket();
    try {
      sendTo(fd, encodePacket({ op: 'error', code, message }), encodeSockaddrIn(to.address, to.port));
    } finally {
      closeFd(fd);
    }
  }

  #fail(info: TransferInfo, code: number, message: string): void {
    this.emit('failed', { ...info, reason: `${message} (ERROR ${code})` });
    this.#refuse(info.client, code, message);
  }
}
