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
import { type DropReason, ServerCounters } from './server-counters.ts';

export interface TftpServerOptions {
  source: FileSource;
  address: string;
  port: number;
  limits?: ServerLimits;
  rto?: RtoConfig;
  maxRetries?: number;
  /** Longest wait for an acknowledgement before a transfer gives up (default MAX_SILENCE_MS). */
  maxSilenceMs?: number;
  maxTransfers?: number;
  /** Transfers one client address may run at once (default 8). */
  maxPerClient?: number;
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
  dropped: [DropReason];
}

function endReason(outcome: Exclude<SessionEnd, { kind: 'complete' | 'probe' }>): string {
  if (outcome.kind === 'client-error') return `client error ${outcome.code}: ${outcome.message}`;
  return outcome.kind === 'failed' ? outcome.reason : 'timed out';
}

/**
 * A PXE client runs one transfer at a time (two with a UEFI size probe); eight leave room for a
 * few machines behind one relay address while one sender cannot take every slot.
 */
const DEFAULT_PER_CLIENT = 8;

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
  /** Transfers being opened or running, per client address. */
  readonly #perClient = new Map<string, number>();
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
      if (this.#sessions.has(key) || this.#pending.has(key)) return this.#drop('repeated-request');
      this.#pending.add(key);
      this.#onRequest(msg, rinfo)
        .catch(() => this.#drop('internal-error'))
        .finally(() => this.#pending.delete(key));
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(this.#o.port, this.#o.address, () => {
          socket.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      this.#socket = undefined;
      socket.close();
      throw err;
    }
    socket.on('error', () => this.#drop('socket-error'));
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

  #drop(reason: DropReason): void {
    this.counters.drop(reason);
    this.emit('dropped', reason);
  }

  async #onRequest(msg: Buffer, from: Peer): Promise<void> {
    const verdict = planRequest(msg);
    if (verdict.kind === 'drop') return this.#drop(verdict.reason);
    this.counters.requests++;
    if (verdict.kind === 'refuse') return this.#refuse(from, verdict.code, verdict.message);
    const info: TransferInfo = { id: this.#nextId++, client: from, filename: verdict.filename };
    this.emit('request', { ...info, options: verdict.options });
    if (this.#sessions.size >= (this.#o.maxTransfers ?? 1000)) {
      return this.#fail(info, ErrorCode.undefined, 'Server busy');
    }
    const ip = from.address;
    const running = this.#perClient.get(ip) ?? 0;
    if (running >= (this.#o.maxPerClient ?? DEFAULT_PER_CLIENT)) {
      return this.#fail(info, ErrorCode.undefined, 'Too many transfers from this address');
    }
    this.#perClient.set(ip, running + 1);
    let started = false;
    try {
      started = await this.#open(info, verdict.mode, verdict.options);
    } finally {
      if (!started) this.#release(ip);
    }
  }

  #release(ip: string): void {
    const n = (this.#perClient.get(ip) ?? 1) - 1;
    if (n > 0) this.#perClient.set(ip, n);
    else this.#perClient.delete(ip);
  }

  /** Opens and negotiates; true once the transfer runs on a lane. */
  async #open(info: TransferInfo, mode: 'octet' | 'netascii', options: TftpOption[]): Promise<boolean> {
    const opened = await this.#o.source.open(info.filename);
    if (!opened.ok) {
      const code = opened.error === 'not-found' ? ErrorCode.fileNotFound : ErrorCode.accessViolation;
      this.#fail(info, code, opened.error === 'not-found' ? 'File not found' : 'Access violation');
      return false;
    }
    const file = mode === 'netascii' ? await netasciiFile(opened.file) : opened.file;
    if (!file) {
      this.#fail(info, ErrorCode.undefined, 'File too large for netascii');
      return false;
    }
    const n = negotiate(options, file.size, this.#o.limits ?? DEFAULT_LIMITS);
    if (n.kind === 'refuse') {
      await file.close();
      this.#fail(info, ErrorCode.optionRefused, n.message);
      return false;
    }
    await this.#run(info, file, n.oack, n.settings);
    return true;
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
    const { rto, maxRetries, maxSilenceMs } = this.#o;
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
      maxSilenceMs,
    };
    const end = (outcome: SessionEnd, stats?: SessionStats) => {
      this.#sessions.delete(key);
      this.#release(info.client.address);
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
