/**
 * The response half of the gRPC-Web bridge: initial metadata as HTTP headers, each message as a
 * data frame written (and so flushed) as it arrives, the status as a trailers frame in the body.
 */
import type { ServerResponse } from 'node:http';
import type { Metadata } from '@grpc/grpc-js';
import { encodeBase64, encodeFrame, encodeTrailers, percentEncodeGrpcMessage } from '@paddock/wire';

/** Headers that belong to the HTTP/1 hop or to gRPC framing, never to the caller's metadata. */
const HOP = new Set([
  'content-type',
  'content-length',
  'transfer-encoding',
  'connection',
  'te',
  'keep-alive',
  'trailer',
]);

/** Metadata as header pairs a browser can read; binary values arrive base64 already. */
export function metadataToPairs(md: Metadata | undefined): [string, string][] {
  const pairs: [string, string][] = [];
  if (!md) return pairs;
  for (const [key, raw] of Object.entries(md.toHttp2Headers())) {
    if (key.startsWith(':') || key.startsWith('grpc-') || HOP.has(key) || raw === undefined) continue;
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      const text = String(value);
      // A value with a line break could smuggle a header; grpc-js should never produce one.
      if (!/[\r\n]/.test(text)) pairs.push([key, text]);
    }
  }
  return pairs;
}

export class GrpcWebResponse {
  readonly #res: ServerResponse;
  readonly #text: boolean;
  #closed = false;

  constructor(res: ServerResponse, text: boolean) {
    this.#res = res;
    this.#text = text;
    // An HTTP/2 response has no `destroyed`: its 'close' says the stream is gone.
    res.once('close', () => {
      this.#closed = true;
    });
  }

  get done(): boolean {
    return this.#closed || this.#res.writableEnded || this.#res.destroyed;
  }

  /** Sends the response headers once; later calls do nothing. */
  sendHeaders(md?: Metadata, extra: Record<string, string> = {}): void {
    if (this.#res.headersSent || this.done) return;
    const headers: [string, string][] = [
      ['content-type', this.#text ? 'application/grpc-web-text+proto' : 'application/grpc-web+proto'],
      // A proxy or the browser must not hold frames back: server streams are live.
      ['cache-control', 'no-cache, no-store'],
      ['x-accel-buffering', 'no'],
      ...metadataToPairs(md),
      ...Object.entries(extra),
    ];
    this.#res.writeHead(200, headers.flat());
    this.#res.flushHeaders();
  }

  /** Writes one message; false means the socket is full and the caller should pause. */
  sendMessage(message: Uint8Array): boolean {
    this.sendHeaders();
    return this.#write(encodeFrame('data', message));
  }

  /**
   * Ends the call. When no headers went out yet (a call that failed at once) the status also
   * goes in the headers, "trailers-only", so a client that reads headers alone still sees it.
   */
  finish(code: number, details: string, trailers?: Metadata): void {
    if (this.done) return;
    const message = details.replace(/[\r\n]+/g, ' ');
    this.sendHeaders(undefined, { 'grpc-status': String(code), 'grpc-message': percentEncodeGrpcMessage(message) });
    this.#write(
      encodeFrame('trailers', encodeTrailers({ status: code, message, metadata: metadataToPairs(trailers) })),
    );
    this.#res.end();
  }

  #write(frame: Uint8Array): boolean {
    if (this.done) return true;
    return this.#res.write(this.#text ? encodeBase64(frame) : frame);
  }
}
