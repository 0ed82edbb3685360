import { encodeFrame, FrameDecoder } from '@paddock/wire';
import { ErrorKind } from '../errors.ts';
import { answerProblem, GrpcCallError, statusOf, transportError } from './call-error.ts';
import { CANCEL } from './frames.ts';
import type { HeaderField } from './hpack.ts';
import type { H2Session } from './session.ts';
import type { H2Stream } from './stream.ts';

export interface CallOptions {
  /** host:port, for error messages. */
  address: string;
  /** `/package.Service/Method` */
  path: string;
  /** 'https', or 'http' for a server without TLS. */
  scheme: string;
  /** Request headers besides gRPC's own (authorization). */
  metadata: Record<string, string>;
  deadlineMs?: number | undefined;
  signal?: AbortSignal | undefined;
  /** A larger reply is refused (RESOURCE_EXHAUSTED), as grpc-js's receive limit does. */
  maxReceiveBytes: number;
}

/**
 * One gRPC call on an HTTP/2 session (PROTOCOL-HTTP2.md): requests go out as length-prefixed
 * frames, replies come back from `replies()`, and the trailers' grpc-status ends it. A deadline
 * travels as `grpc-timeout` and is also kept here; when it passes, or the signal aborts, the
 * stream is reset and `replies()` throws DEADLINE_EXCEEDED or CANCELLED.
 */
export class Call {
  readonly #stream: H2Stream;
  readonly #o: CallOptions;
  #failure: unknown;
  #timer: NodeJS.Timeout | undefined;

  constructor(session: H2Session, o: CallOptions) {
    this.#o = o;
    const fields: HeaderField[] = [
      [':method', 'POST'],
      [':scheme', o.scheme],
      [':path', o.path],
      [':authority', o.address],
      ['content-type', 'application/grpc'],
      ['te', 'trailers'],
      ['grpc-accept-encoding', 'identity'],
      ...Object.entries(o.metadata),
    ];
    if (o.deadlineMs !== undefined) fields.push(['grpc-timeout', grpcTimeout(o.deadlineMs)]);
    this.#stream = session.request(fields);
    if (o.deadlineMs !== undefined) {
      const ms = o.deadlineMs;
      this.#timer = setTimeout(
        () => this.fail(new GrpcCallError(ErrorKind.deadlineExceeded, `no answer within ${ms / 1000} s`)),
        ms,
      );
    }
    o.signal?.addEventListener('abort', this.#cancel, { once: true });
    if (o.signal?.aborted) this.#cancel();
  }

  readonly #cancel = () => this.fail(new GrpcCallError(1, 'cancelled by the client'));

  /** Ends the call with `err` (what replies() then throws) and resets the stream. */
  fail(err: unknown): void {
    if (this.#failure !== undefined) return;
    this.#failure = err;
    this.#close();
  }

  /** Sends one request message, waiting while HTTP/2 flow control holds the stream back. */
  async send(message: Uint8Array): Promise<void> {
    await this.#stream.write(encodeFrame('data', message));
  }

  /** No more requests; `last` is sent first when given. */
  end(last?: Uint8Array): void {
    this.#stream.end(last && encodeFrame('data', last));
  }

  /** The reply messages; throws the call's status when it is not OK. Leaving early cancels the call. */
  async *replies(): AsyncGenerator<Uint8Array, void, undefined> {
    const decoder = new FrameDecoder(this.#o.maxReceiveBytes);
    try {
      for await (const chunk of this.#stream.data()) {
        const notGrpc = answerProblem(this.#stream.headers);
        if (notGrpc) throw notGrpc;
        for (const frame of decoder.push(chunk)) {
          if (frame.kind !== 'data') throw new GrpcCallError(ErrorKind.internal, 'a trailers frame in a gRPC body');
          yield frame.payload;
        }
        if (decoder.error) throw this.#badBody(decoder.error);
      }
    } catch (err) {
      throw this.#failure ?? transportError(err, this.#o.address);
    } finally {
      this.#close();
    }
    if (this.#failure !== undefined) throw this.#failure;
    const failed = statusOf(this.#stream.headers, this.#stream.trailers);
    if (failed) throw failed;
    const cut = decoder.finish();
    if (cut) throw this.#badBody(cut);
  }

  #badBody(problem: string): GrpcCallError {
    const tooLarge = problem.includes('exceeds the limit');
    return new GrpcCallError(tooLarge ? ErrorKind.resourceExhausted : ErrorKind.internal, `bad reply: ${problem}`);
  }

  #close(): void {
    clearTimeout(this.#timer);
    this.#o.signal?.removeEventListener('abort', this.#cancel);
    if (!this.#stream.closed) this.#stream.reset(CANCEL);
  }
}

/**
 * A deadline as gRPC's `grpc-timeout` header: at most 8 digits and a unit (PROTOCOL-HTTP2.md),
 * in milliseconds while they fit, else in coarser units rounded up.
 */
export function grpcTimeout(ms: number): string {
  const units: Array<[string, number]> = [
    ['m', 1],
    ['S', 1000],
    ['M', 60_000],
    ['H', 3_600_000],
  ];
  for (const [unit, size] of units) {
    const n = Math.ceil(Math.max(0, ms) / size);
    if (n < 100_000_000) return `${n}${unit}`;
  }
  return '99999999H';
}
