import type { ClientDuplexStream } from '@grpc/grpc-js';
import { castGrpcError } from 'etcd3';
import type { EtcdMembers } from './etcd-members.ts';
import { decodeWatchResponse, encodeWatchCreate, type WatchEvent } from './watch-messages.ts';

export interface PrefixWatchOptions {
  members: EtcdMembers;
  /** The watched range, [key, rangeEnd). */
  key: string;
  rangeEnd: string;
  /** Every change after this revision is delivered, once, in order. */
  after: number;
  onEvents(events: WatchEvent[]): void;
  /**
   * The changes since the last one delivered are no longer in etcd's history (compacted): read
   * everything again, hand it over, and resolve to the revision it was read at; the watch goes
   * on after it. A read that fails (etcd out of reach) is tried again, backing off to 5 s.
   */
  reread(): Promise<number>;
  /** The watch (re)started on a member, from the revision after `after`; `cause` is why it left the last one. */
  onStarted?(endpoint: string, after: number, cause: string | undefined): void;
}

/**
 * A watch that survives losing its member: it remembers the last revision it delivered (events,
 * and progress notifications, which say everything up to a revision was sent) and starts again
 * on another member from the revision after it, so nothing is read twice or missed. Only when
 * etcd has compacted that revision does the owner read everything again (`reread`), once. (etcd3's
 * own watch resumes too, but 1.1.2 throws from its stream handler on the compacted answer.)
 */
export class PrefixWatch {
  readonly #o: PrefixWatchOptions;
  #last: number;
  #stream: ClientDuplexStream<Buffer, Buffer> | undefined;
  #failures = 0;
  #cause: string | undefined;
  #closed = false;

  constructor(o: PrefixWatchOptions) {
    this.#o = o;
    this.#last = o.after;
    this.#connect();
  }

  /** The last revision whose changes were all delivered. */
  get last(): number {
    return this.#last;
  }

  close(): void {
    this.#closed = true;
    this.#drop();
  }

  #drop(): void {
    const s = this.#stream;
    this.#stream = undefined;
    s?.cancel();
  }

  /** Everything read again after a compaction, until a read goes through; then on from its revision. */
  async #reread(): Promise<void> {
    for (let delay = 200; !this.#closed; delay = Math.min(delay * 2, 5_000)) {
      try {
        const at = await this.#o.reread();
        if (this.#closed) return;
        this.#last = at;
        this.#connect();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  #connect(): void {
    if (this.#closed || this.#stream) return;
    const members = this.#o.members;
    const i = members.pick();
    const s = members.stream(i, '/etcdserverpb.Watch/Watch');
    this.#stream = s;
    const end = (err: Error) => {
      if (this.#stream !== s) return;
      this.#drop();
      members.failed(i, err);
      this.#cause = `${members.endpoints[i]}: ${err.message}`;
      // At once to the next member; then backing off while none answers.
      const delay = this.#failures++ === 0 ? 0 : Math.min(100 * 2 ** this.#failures, 2_000);
      setTimeout(() => this.#connect(), delay);
    };
    s.on('error', (e: Error) => end(castGrpcError(e)));
    s.on('end', () => end(new Error('the watch stream ended')));
    s.on('data', (buf: Buffer) => {
      if (this.#stream !== s) return;
      let m: ReturnType<typeof decodeWatchResponse>;
      try {
        m = decodeWatchResponse(buf);
      } catch (err) {
        end(new Error(`an undecodable watch answer: ${(err as Error).message}`));
        return;
      }
      if (m.compactRevision > 0) {
        this.#drop();
        void this.#reread();
      } else if (m.canceled) end(new Error(`etcd canceled the watch: ${m.cancelReason || 'no reason given'}`));
      else if (m.created) {
        this.#failures = 0;
        this.#o.onStarted?.(members.endpoints[i]!, this.#last, this.#cause);
        this.#cause = undefined;
      } else if (m.events.length === 0) this.#last = Math.max(this.#last, m.revision);
      else {
        const events = m.events.filter((e) => e.mod > this.#last);
        for (const e of events) this.#last = Math.max(this.#last, e.mod);
        if (events.length > 0) this.#o.onEvents(events);
      }
    });
    s.write(encodeWatchCreate({ key: this.#o.key, rangeEnd: this.#o.rangeEnd, startRevision: this.#last + 1 }));
  }
}
