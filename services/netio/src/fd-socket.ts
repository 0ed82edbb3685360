/**
 * The shell every netio descriptor shares: a non-blocking fd watched by libuv's poll (koffi's
 * uv_poll_t binding, on the loop thread, no thread pool), drained in bounded batches, with
 * results delivered as 'message' events or through async iteration over a bounded Inbox.
 */
import { EventEmitter } from 'node:events';
import koffi from 'koffi';
import { Inbox } from './inbox.ts';
import { NetioError, sys } from './libc.ts';

/** Reads per wake-up before yielding to the loop; the level-triggered poll fires again. */
const BATCH = 64;

export interface SocketStats {
  received: number;
  /** Items dropped because an async iterator's queue was full. */
  dropped: number;
  /** Receive errors (counted, emitted as 'error' only when someone listens). */
  errors: number;
}

export interface FdSocketEvents<T> {
  message: [T];
  error: [Error];
  close: [];
}

/** `readOne` returns undefined when the descriptor has nothing more (EAGAIN). */
export type ReadOne<T> = () => T | undefined;

export class FdSocket<T> extends EventEmitter<FdSocketEvents<T>> {
  readonly fd: number;
  readonly #queueLimit: number;
  readonly #inboxes = new Set<Inbox<T>>();
  #poll: ReturnType<typeof koffi.node.poll> | undefined;
  #read: ReadOne<T> | undefined;
  #cleanup: () => void = () => {};
  #stats: SocketStats = { received: 0, dropped: 0, errors: 0 };

  constructor(fd: number, queueLimit = 1024) {
    super();
    this.fd = fd;
    this.#queueLimit = queueLimit;
  }

  /** Starts watching; `cleanup` frees native memory after the fd is closed. */
  protected start(read: ReadOne<T>, cleanup: () => void = () => {}): void {
    this.#read = read;
    this.#cleanup = cleanup;
    // koffi calls back with (status, events) although its typings say (events).
    const onPoll = ((status: number) => this.#drain(status)) as unknown as () => void;
    this.#poll = koffi.node.poll(this.fd, { readable: true }, onPoll);
  }

  get closed(): boolean {
    return this.#poll === undefined;
  }

  stats(): SocketStats {
    let dropped = this.#stats.dropped;
    for (const q of this.#inboxes) dropped += q.dropped;
    return { ...this.#stats, dropped };
  }

  #drain(status: number): void {
    if (status < 0) {
      this.#fail(new NetioError('poll', -status));
      return;
    }
    for (let i = 0; i < BATCH && this.#read; i++) {
      let item: T | undefined;
      try {
        item = this.#read();
      } catch (err) {
        this.#fail(err as Error);
        continue;
      }
      if (item === undefined) return;
      this.#stats.received++;
      this.emit('message', item);
    }
  }

  #fail(err: Error): void {
    this.#stats.errors++;
    if (this.listenerCount('error') > 0) this.emit('error', err);
  }

  /** Items from now on, until close or break; a slow loop drops (and counts) past the limit. */
  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    const listener = (item: T) => void inbox.push(item);
    const inbox: Inbox<T> = new Inbox<T>(this.#queueLimit, () => {
      this.off('message', listener);
      this.#inboxes.delete(inbox);
      this.#stats.dropped += inbox.dropped;
    });
    this.#inboxes.add(inbox);
    this.on('message', listener);
    if (this.closed) inbox.close();
    return inbox;
  }

  /** Lets the process exit while this socket is open (like dgram's unref). */
  unref(): this {
    this.#poll?.unref();
    return this;
  }

  ref(): this {
    this.#poll?.ref();
    return this;
  }

  close(): void {
    if (!this.#poll) return;
    this.#poll.close();
    this.#poll = undefined;
    this.#read = undefined;
    sys.close(this.fd);
    this.#cleanup();
    for (const q of [...this.#inboxes]) q.close();
    this.emit('close');
  }
}
