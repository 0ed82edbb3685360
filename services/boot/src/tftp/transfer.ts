import type { TransferSettings } from './options.ts';
import { DEFAULT_RTO, type RtoConfig, RtoEstimator } from './rto.ts';

export interface ReadTransferConfig {
  size: number;
  settings: TransferSettings;
  /** True when options were accepted: RFC 2347 sends the OACK first and waits for ACK 0. */
  oack: boolean;
  rto?: RtoConfig | undefined;
  /** Timeouts in a row without progress before giving up. */
  maxRetries?: number | undefined;
  /** Longest wait for progress (default MAX_SILENCE_MS). */
  maxSilenceMs?: number | undefined;
}

/**
 * Longest wait for an acknowledgement, from the start or the last ACK that moved the transfer
 * on, whatever the retry count: a burst of requests that are never acknowledged (spoofed
 * sources, or a flood asking timeout 255) must free its slots in seconds, not minutes.
 */
export const MAX_SILENCE_MS = 15_000;

export type TransferOutcome =
  | { kind: 'complete' }
  | { kind: 'probe' }
  | { kind: 'client-error'; code: number; message: string }
  | { kind: 'timeout' };

export type TransferAction =
  | { kind: 'send-oack' }
  | { kind: 'send-data'; block: number; offset: number; length: number }
  | { kind: 'end'; outcome: TransferOutcome };

export interface TransferStats {
  bytes: number;
  durationMs: number;
  blocksSent: number;
  retransmits: number;
  timeouts: number;
  srttMs: number | undefined;
}

/** RFC 7440 windows above half the block-number space would make ACK numbers ambiguous. */
const MAX_WINDOW = 0x8000;

/**
 * The server side of one read transfer as pure logic: the caller feeds ACKs, ERRORs and clock
 * ticks, and carries out the returned actions. Blocks are counted with unbounded indices; only
 * the wire number wraps (65535 → 0, like tftpd-hpa), so files past 32 MiB at 512-byte blocks work.
 */
export class ReadTransfer {
  readonly #size: number;
  readonly #blksize: number;
  readonly #window: number;
  readonly #fixedTimeoutMs: number | undefined;
  readonly #maxRetries: number;
  readonly #maxSilenceMs: number;
  readonly #lastIndex: number;
  readonly #rto: RtoEstimator;
  readonly #firstSentAt = new Map<number, number>();
  #state: 'idle' | 'oack' | 'data' | 'ended' = 'idle';
  #wantOack: boolean;
  #acked = 0;
  #sent = 0;
  #retries = 0;
  #deadline: number | undefined;
  #progressAt = 0;
  #startedAt = 0;
  #endedAt: number | undefined;
  #blocksSent = 0;
  #retransmits = 0;
  #timeouts = 0;

  constructor(config: ReadTransferConfig) {
    this.#size = config.size;
    this.#blksize = config.settings.blksize;
    this.#window = Math.min(MAX_WINDOW, Math.max(1, config.settings.windowsize));
    // RFC 2349 §2: the client's timeout is used as given, without adapting or backing off.
    const t = config.settings.timeoutSeconds;
    this.#fixedTimeoutMs = t === undefined ? undefined : t * 1000;
    this.#maxRetries = config.maxRetries ?? 5;
    this.#maxSilenceMs = config.maxSilenceMs ?? MAX_SILENCE_MS;
    this.#rto = new RtoEstimator(config.rto ?? DEFAULT_RTO);
    this.#wantOack = config.oack;
    // RFC 1350 §6: a transfer ends with a block shorter than blksize, empty if need be.
    this.#lastIndex = Math.floor(this.#size / this.#blksize) + 1;
  }

  /** When `onTimeout` should be called next, on the caller's clock; undefined once ended. */
  get deadline(): number | undefined {
    return this.#deadline;
  }

  get ended(): boolean {
    return this.#state === 'ended';
  }

  get stats(): TransferStats {
    return {
      bytes: Math.min(this.#size, this.#acked * this.#blksize),
      durationMs: (this.#endedAt ?? this.#startedAt) - this.#startedAt,
      blocksSent: this.#blocksSent,
      retransmits: this.#retransmits,
      timeouts: this.#timeouts,
      srttMs: this.#rto.srttMs,
    };
  }

  start(now: number): TransferAction[] {
    if (this.#state !== 'idle') return [];
    this.#startedAt = now;
    this.#progressAt = now;
    if (!this.#wantOack) return this.#sendWindow(1, now);
    this.#state = 'oack';
    this.#firstSentAt.set(0, now);
    this.#arm(now);
    return [{ kind: 'send-oack' }];
  }

  onAck(block: number, now: number): TransferAction[] {
    if (this.#state === 'oack' && block === 0) return this.#advance(0, now);
    if (this.#state !== 'data') return [];
    const index = this.#acked + ((block - this.#acked) & 0xffff);
    // A duplicate ACK (index === acked) never triggers a resend: answering each copy with a new
    // window is the Sorcerer's Apprentice bug (RFC 1123 §4.2.3.1); the timer handles real loss.
    if (index === this.#acked || index > this.#sent) return [];
    return this.#advance(index, now);
  }

  onError(code: number, message: string, now: number): TransferAction[] {
    if (this.#state === 'ended') return [];
    // UEFI PXE asks for tsize, reads the OACK and answers ERROR 8: a size probe, not a failure.
    if (this.#state === 'oack' && code === 8) return this.#end({ kind: 'probe' }, now);
    return this.#end({ kind: 'client-error', code, message }, now);
  }

  onTimeout(now: number): TransferAction[] {
    if (this.#deadline === undefined || now < this.#deadline) return [];
    this.#timeouts++;
    const silent = now - this.#progressAt >= this.#maxSilenceMs;
    if (++this.#retries > this.#maxRetries || silent) return this.#end({ kind: 'timeout' }, now);
    if (this.#fixedTimeoutMs === undefined) this.#rto.backoff();
    if (this.#state === 'data') return this.#sendWindow(this.#acked + 1, now);
    this.#firstSentAt.delete(0); // Karn: no RTT sample from a resent OACK
    this.#arm(now);
    return [{ kind: 'send-oack' }];
  }

  #advance(index: number, now: number): TransferAction[] {
    const sentAt = this.#firstSentAt.get(index);
    if (sentAt !== undefined) this.#rto.sample(now - sentAt);
    for (const i of this.#firstSentAt.keys()) if (i <= index) this.#firstSentAt.delete(i);
    this.#state = 'data';
    this.#acked = index;
    this.#retries = 0;
    this.#progressAt = now;
    if (index >= this.#lastIndex) return this.#end({ kind: 'complete' }, now);
    // An ACK inside the window means the client lost what follows it (RFC 7440 §4): the next
    // window starts right after the acknowledged block.
    return this.#sendWindow(index + 1, now);
  }

  #sendWindow(from: number, now: number): TransferAction[] {
    this.#state = 'data';
    const actions: TransferAction[] = [];
    const to = Math.min(this.#lastIndex, from + this.#window - 1);
    for (let i = from; i <= to; i++) {
      if (i <= this.#sent) {
        this.#retransmits++;
        this.#firstSentAt.delete(i);
      } else {
        this.#firstSentAt.set(i, now);
      }
      const offset = (i - 1) * this.#blksize;
      const length = Math.max(0, Math.min(this.#blksize, this.#size - offset));
      actions.push({ kind: 'send-data', block: i & 0xffff, offset, length });
      this.#blocksSent++;
    }
    this.#sent = Math.max(this.#sent, to);
    this.#arm(now);
    return actions;
  }

  /** The next timeout, never past the end of the silence the transfer tolerates. */
  #arm(now: number): void {
    const next = now + (this.#fixedTimeoutMs ?? this.#rto.rtoMs);
    this.#deadline = Math.min(next, this.#progressAt + this.#maxSilenceMs);
  }

  #end(outcome: TransferOutcome, now: number): TransferAction[] {
    this.#state = 'ended';
    this.#deadline = undefined;
    this.#endedAt = now;
    return [{ kind: 'end', outcome }];
  }
}
