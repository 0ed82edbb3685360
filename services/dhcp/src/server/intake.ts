import { Fifo } from '@paddock/wire';

/** Option 53 values that continue an exchange or a lease: REQUEST, DECLINE, RELEASE, INFORM. */
const CONTINUING = new Set([3, 4, 7, 8]);

export interface IntakeOptions<T> {
  /** Items waiting per queue before the oldest is shed. */
  limit: number;
  /** Handling per turn of the event loop, in ms, before the sockets are read again. */
  turnMs: number;
  handle: (item: T) => void;
  /** Called for an item dropped unhandled (count it). */
  shed: (item: T) => void;
  /** After each turn (the server commits what the turn decided). */
  afterTurn: () => void;
}

/**
 * Datagrams read but not yet handled. Reading one costs a few microseconds and answering one
 * tens, so under overload the backlog waits here rather than in the kernel's socket buffer,
 * whose overflow drops whatever arrives: a REQUEST that completes an exchange as readily as a
 * new DISCOVER. Here requests that continue an exchange or a lease go first, in arrival order;
 * DISCOVERs (and what cannot be sorted) follow, and past `limit` waiting the oldest is shed:
 * its client retransmits (RFC 2131 §4.1) and fresher ones are answered while still wanted.
 * Items are handled in the loop's check phase (setImmediate), after the poll phase has read
 * every socket, for at most `turnMs` at a time. Without overload nothing is left waiting.
 */
export class Intake<T> {
  readonly #continuing = new Fifo<T>();
  readonly #fresh = new Fifo<T>();
  readonly #o: IntakeOptions<T>;
  #turn: NodeJS.Immediate | undefined;

  constructor(o: IntakeOptions<T>) {
    this.#o = o;
  }

  get size(): number {
    return this.#continuing.length + this.#fresh.length;
  }

  /** Queues an item by its peeked option 53, to be handled in the next turn. */
  admit(item: T, messageType: number | undefined): void {
    const queue = messageType !== undefined && CONTINUING.has(messageType) ? this.#continuing : this.#fresh;
    queue.push(item);
    if (queue.length > this.#o.limit) this.#o.shed(queue.shift()!);
    this.#turn ??= setImmediate(() => this.#runTurn());
  }

  #runTurn(): void {
    this.#turn = undefined;
    const until = performance.now() + this.#o.turnMs;
    try {
      for (let item = this.#take(); item !== undefined; item = this.#take()) {
        this.#o.handle(item);
        if (performance.now() >= until) break;
      }
    } finally {
      // Even past a throw: what the turn decided is committed and the rest still handled.
      this.#o.afterTurn();
      if (this.size > 0) this.#turn ??= setImmediate(() => this.#runTurn());
    }
  }

  /** The next item to handle: continuing requests first. */
  #take(): T | undefined {
    return this.#continuing.shift() ?? this.#fresh.shift();
  }

  /** Stops handling; what is still waiting is dropped (as the kernel's queue is on close). */
  close(): void {
    if (this.#turn) clearImmediate(this.#turn);
    this.#turn = undefined;
    this.#continuing.clear();
    this.#fresh.clear();
  }
}
