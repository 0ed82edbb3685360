import { Fifo } from '@paddock/wire';
import type { HeaderField } from './hpack.ts';

/** Response headers or trailers: names lower-case, `:status` a number, as Node's HTTP/2 gives them. */
export type Headers = Record<string, string | number>;

/** What a stream needs of its session to send and to let the peer send more. */
export interface StreamOwner {
  /** Queues DATA for the stream (END_STREAM when `end`); resolves once it is handed to the socket. */
  sendData(stream: H2Stream, data: Uint8Array, end: boolean): Promise<void>;
  /** The stream's reader took `bytes` octets: the peer may send that much more. */
  consumed(stream: H2Stream, bytes: number): void;
  /** Resets the stream with `code` (RFC 9113 §7) if it is still open. */
  reset(stream: H2Stream, code: number): void;
}

/** A stream the peer reset: `code` is its RFC 9113 error name (REFUSED_STREAM, CANCEL…). */
export class StreamResetError extends Error {
  readonly code: string;
  constructor(code: string) {
    super(`the server reset the stream (${code})`);
    this.code = code;
  }
}

/**
 * One request/response exchange on a session: the client writes its body, reads the response's
 * DATA as it comes (flow control follows the reading), and finds the response headers and the
 * trailers here once they came.
 */
export class H2Stream {
  readonly id: number;
  readonly #owner: StreamOwner;
  headers: Headers | undefined;
  trailers: Headers | undefined;
  /** The local side sent END_STREAM. */
  localEnded = false;
  /** The remote side sent END_STREAM, or the stream was reset or failed. */
  remoteEnded = false;
  /** How much more DATA this side may send (the peer's window for the stream). */
  sendWindow: number;
  /** How much more DATA the peer may send, and how much read DATA is not yet given back. */
  recvWindow: number;
  unacked = 0;
  /** Set when the stream failed: reading throws it. */
  error: Error | undefined;
  readonly #chunks = new Fifo<Uint8Array>();
  #wake: (() => void) | undefined;

  constructor(id: number, owner: StreamOwner, sendWindow: number, recvWindow: number) {
    this.id = id;
    this.#owner = owner;
    this.sendWindow = sendWindow;
    this.recvWindow = recvWindow;
  }

  get closed(): boolean {
    return this.remoteEnded && (this.localEnded || this.error !== undefined);
  }

  write(data: Uint8Array): Promise<void> {
    return this.#owner.sendData(this, data, false);
  }

  end(data: Uint8Array = new Uint8Array(0)): void {
    if (this.localEnded) return;
    void this.#owner.sendData(this, data, true).catch(() => {});
  }

  /** Resets the stream (CANCEL unless said otherwise); its reader ends. */
  reset(code?: number): void {
    this.#owner.reset(this, code ?? 0x8);
  }

  /** The response's DATA, in order; throws the stream's failure. */
  async *data(): AsyncGenerator<Uint8Array> {
    for (;;) {
      const chunk = this.#chunks.shift();
      if (chunk) {
        this.#owner.consumed(this, chunk.length);
        yield chunk;
        continue;
      }
      if (this.error) throw this.error;
      if (this.remoteEnded) return;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  // What the session calls as frames arrive.

  received(fields: HeaderField[], end: boolean): void {
    const h: Headers = {};
    for (const [name, value] of fields) {
      const v = name === ':status' ? Number(value) : value;
      const had = h[name];
      h[name] = had === undefined ? v : `${had}, ${v}`;
    }
    if (this.headers === undefined) this.headers = h;
    else this.trailers = h;
    if (end) this.remoteEnded = true;
    this.#notify();
  }

  receivedData(payload: Uint8Array, end: boolean): void {
    if (payload.length > 0) this.#chunks.push(payload.slice());
    if (end) this.remoteEnded = true;
    this.#notify();
  }

  failed(err: Error): void {
    if (this.error === undefined && !(this.remoteEnded && this.localEnded)) this.error = err;
    this.remoteEnded = true;
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
