import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { EtcdTls } from '../store-url.ts';
import type { EtcdOp, EtcdReply, EtcdResult, KeyValue, Range } from './etcd-ops.ts';
import type { FollowMessage } from './follow-range.ts';

/**
 * etcd behind synchronous calls. The inventory's and keys' store contracts are synchronous (their
 * read-modify-write relies on nothing running in between), so each call posts the request to
 * the client's thread and blocks on a shared word until the answer is there: a loopback round
 * trip, about a millisecond. A call that gets no answer in time throws, naming the endpoints;
 * until the thread has reached etcd again, later calls throw at once instead of blocking too.
 */
export class SyncEtcd {
  readonly endpoints: string[];
  /** Word 0: an answer is ready. Word 1: etcd is taken for unreachable (the thread probes it). */
  readonly #shared = new Int32Array(new SharedArrayBuffer(8));
  readonly #port;
  readonly #worker: Worker;
  readonly #timeoutMs: number;
  #next = 1;
  readonly #watches: MessagePort[] = [];

  constructor(endpoints: string[], timeoutMs = 5_000, tls?: EtcdTls) {
    this.endpoints = endpoints;
    this.#timeoutMs = timeoutMs;
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#worker = new Worker(new URL('./etcd-thread.ts', import.meta.url), {
      workerData: { endpoints, tls, shared: this.#shared, port: port2, timeoutMs },
      transferList: [port2],
    });
    // The thread never keeps a server alive on its own; close() ends it.
    this.#worker.unref();
  }

  /** Every key-value in each range, read in one transaction (one consistent view). */
  read(ranges: Range[]): KeyValue[][] {
    return this.readAt(ranges).ranges;
  }

  /** As read(), with etcd's revision the view is of (a watch from it misses nothing after). */
  readAt(ranges: Range[]): { ranges: KeyValue[][]; revision: string } {
    return this.#call({ kind: 'read', ranges }) as Extract<EtcdResult, { kind: 'read' }>;
  }

  /** The writes, if every compared key is still at its mod revision; false when one moved. */
  txn(op: Omit<Extract<EtcdOp, { kind: 'txn' }>, 'kind'>): boolean {
    return this.commit(op) !== undefined;
  }

  /** As txn(): etcd's revision the writes were committed at, or undefined when a compared key moved. */
  commit(op: Omit<Extract<EtcdOp, { kind: 'txn' }>, 'kind'>): string | undefined {
    const r = this.#call({ kind: 'txn', ...op }) as Extract<EtcdResult, { kind: 'txn' }>;
    return r.succeeded ? r.revision : undefined;
  }

  /**
   * Follows a range (one key when `range.end` is absent) from the client's thread: `onMessage`
   * (on this thread, from its event loop) gets what it holds, then every change, in order (see
   * followRange). A watch that loses its etcd member goes on from another with nothing read
   * again; only after a gap etcd compacted is the range read again and sent whole. Ends with
   * close().
   */
  follow(range: Range, onMessage: (m: FollowMessage) => void): void {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', onMessage);
    // A watch never keeps a server alive on its own.
    port1.unref();
    this.#watches.push(port1);
    this.#port.postMessage({ id: 0, op: { kind: 'follow', range, out: port2 } }, [port2]);
  }

  /**
   * Calls `onChange` whenever `key` changes in etcd, and once the watch is in place (the caller
   * reads what it needs then); after a gap etcd compacted it calls it once more, so the caller
   * reads everything anew. A watch moved to another member calls nothing, only `onWatching`.
   */
  watch(key: string, onChange: () => void, onWatching?: (endpoint: string, cause: string | undefined) => void): void {
    this.follow({ key }, (m) => {
      if (m.kind !== 'watching') onChange();
      else onWatching?.(m.endpoint, m.cause);
    });
  }

  close(): void {
    for (const w of this.#watches) w.close();
    try {
      this.#call({ kind: 'close' });
    } catch {
      // Closing a client that never reached etcd: nothing to flush.
    }
    void this.#worker.terminate();
  }

  #call(op: EtcdOp | { kind: 'close' }): EtcdResult {
    // After one call timed out, the next ones fail at once until the thread has reached etcd
    // again: the event loop is blocked once per outage, not once per call.
    if (Atomics.load(this.#shared, 1) === 1 && op.kind !== 'close')
      throw new Error(
        `etcd at ${this.endpoints.join(',')} is unreachable (a call timed out; retrying in the background)`,
      );
    const id = this.#next++;
    Atomics.store(this.#shared, 0, 0);
    this.#port.postMessage({ id, op });
    const deadline = Date.now() + this.#timeoutMs + 1_000;
    for (;;) {
      // Answers to calls that timed out earlier are read and dropped here.
      for (let m = receiveMessageOnPort(this.#port); m; m = receiveMessageOnPort(this.#port)) {
        const reply = m.message as EtcdReply;
        if (reply.id !== id) continue;
        if (!reply.ok) throw new Error(`etcd at ${this.endpoints.join(',')}: ${reply.error}`);
        return reply.result;
      }
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(this.#shared, 0, 0, left) === 'timed-out') {
        Atomics.store(this.#shared, 1, 1);
        this.#port.postMessage({ id: 0, op: { kind: 'probe' } });
        throw new Error(`etcd at ${this.endpoints.join(',')} did not answer within ${this.#timeoutMs} ms`);
      }
      Atomics.store(this.#shared, 0, 0);
    }
  }
}
