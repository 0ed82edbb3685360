import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import {
  concat,
  DEFAULT_MAX_FRAME,
  ERROR_NAMES,
  encodeFrame,
  Flag,
  type Frame,
  FrameReader,
  FrameType,
  PREFACE,
  PROTOCOL_ERROR,
  Setting,
  settingsPayload,
  unpadded,
  words,
} from './frames.ts';
import { encodeHeaders, type HeaderField, HpackDecoder } from './hpack.ts';
import { H2Stream, type StreamOwner, StreamResetError } from './stream.ts';

/** What this side lets the server send ahead of the reader: per stream, and on the whole connection. */
const STREAM_WINDOW = 4 * 1024 * 1024;
const CONNECTION_WINDOW = 16 * 1024 * 1024;
const DEFAULT_WINDOW = 65_535;

type Pending = { stream: H2Stream; data: Uint8Array; end: boolean; done: () => void };

/**
 * The client side of one HTTP/2 connection (RFC 9113) over a socket that is connecting: streams
 * opened with `request`, flow control both ways, SETTINGS, PING and GOAWAY. Small on purpose: a
 * command opens one connection for a few calls, and Node's own HTTP/2 module costs a one-shot
 * command more to load than the calls take. No server push, no priorities.
 */
export class H2Session implements StreamOwner {
  readonly socket: Socket;
  #streams = new Map<number, H2Stream>();
  #nextId = 1;
  readonly #reader = new FrameReader(DEFAULT_MAX_FRAME);
  readonly #hpack = new HpackDecoder();
  /** A header block whose CONTINUATION frames are still to come. */
  #block: { stream: number; end: boolean; parts: Uint8Array[] } | undefined;
  #peerMaxFrame = DEFAULT_MAX_FRAME;
  #peerStreamWindow = DEFAULT_WINDOW;
  #sendWindow = DEFAULT_WINDOW;
  #recvWindow = CONNECTION_WINDOW;
  #unacked = 0;
  #pending: Pending[] = [];
  #pings: Array<(err: Error | null) => void> = [];
  #closeListeners: Array<() => void> = [];
  /** No new streams: the client closed the session, or the server said GOAWAY. */
  closed = false;
  destroyed = false;

  constructor(socket: Socket | TLSSocket, tls: boolean) {
    this.socket = socket;
    socket.setNoDelay?.(true);
    if (tls)
      socket.once('secureConnect', () => {
        const alpn = (socket as TLSSocket).alpnProtocol;
        if (alpn !== 'h2') this.destroy(new Error(`the server does not speak HTTP/2 (ALPN: ${alpn || 'none'})`));
      });
    socket.on('data', (chunk: Uint8Array) => this.#receive(chunk));
    socket.on('error', (err) => this.destroy(err));
    socket.on('close', () => this.destroy(new Error('the connection closed')));
    const settings: Array<[number, number]> = [
      [Setting.enablePush, 0],
      [Setting.initialWindowSize, STREAM_WINDOW],
    ];
    socket.write(PREFACE);
    socket.write(encodeFrame(FrameType.settings, 0, 0, settingsPayload(settings)));
    socket.write(encodeFrame(FrameType.windowUpdate, 0, 0, words(CONNECTION_WINDOW - DEFAULT_WINDOW)));
  }

  /** Opens a stream with `fields` as its request headers; its body follows with write/end. */
  request(fields: HeaderField[]): H2Stream {
    if (this.closed || this.destroyed) throw new Error('the connection is closing');
    const stream = new H2Stream(this.#nextId, this, this.#peerStreamWindow, STREAM_WINDOW);
    this.#nextId += 2;
    this.#streams.set(stream.id, stream);
    const block = encodeHeaders(fields);
    for (let at = 0, first = true; first || at < block.length; first = false) {
      const part = block.subarray(at, at + this.#peerMaxFrame);
      at += part.length;
      const last = at >= block.length ? Flag.endHeaders : 0;
      this.socket.write(encodeFrame(first ? FrameType.headers : FrameType.continuation, last, stream.id, part));
    }
    return stream;
  }

  /** Sends a PING; `done` hears of its answer, or of the connection's end. */
  ping(done: (err: Error | null) => void): void {
    if (this.destroyed) {
      done(new Error('the connection closed'));
      return;
    }
    this.#pings.push(done);
    this.socket.write(encodeFrame(FrameType.ping, 0, 0, new Uint8Array(8)));
  }

  onClose(listener: () => void): void {
    this.#closeListeners.push(listener);
  }

  /** No new streams; the connection ends once the open ones have. */
  close(): void {
    this.closed = true;
    this.#endIfIdle();
  }

  /** Ends the connection now; open streams fail with `err`. */
  destroy(err: Error = new Error('the connection was closed')): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.closed = true;
    this.socket.destroy();
    for (const s of this.#streams.values()) s.failed(err);
    this.#streams.clear();
    for (const p of this.#pending) p.done();
    this.#pending = [];
    for (const done of this.#pings) done(err);
    this.#pings = [];
    for (const listener of this.#closeListeners) listener();
  }

  // StreamOwner

  sendData(stream: H2Stream, data: Uint8Array, end: boolean): Promise<void> {
    if (stream.localEnded || stream.remoteEnded || this.destroyed) return Promise.resolve();
    if (end) stream.localEnded = true;
    return new Promise((done) => {
      this.#pending.push({ stream, data, end, done });
      this.#flush();
    });
  }

  consumed(stream: H2Stream, bytes: number): void {
    this.#returnWindow(stream, bytes);
  }

  reset(stream: H2Stream, code: number): void {
    if (!this.#streams.has(stream.id)) return;
    if (!this.destroyed) this.socket.write(encodeFrame(FrameType.rstStream, 0, stream.id, words(code)));
    stream.failed(new StreamResetError(ERROR_NAMES[code] ?? `code ${code}`));
    this.#forget(stream);
  }

  /** Sends what flow control allows of the queued DATA, in order per stream. */
  #flush(): void {
    const blocked = new Set<H2Stream>();
    this.#pending = this.#pending.filter((p) => {
      if (blocked.has(p.stream)) return true;
      if (!this.#streams.has(p.stream.id)) {
        p.done();
        return false;
      }
      while (p.data.length > 0) {
        const n = Math.min(p.data.length, this.#sendWindow, p.stream.sendWindow, this.#peerMaxFrame);
        if (n <= 0) {
          blocked.add(p.stream);
          return true;
        }
        const last = p.end && n === p.data.length ? Flag.endStream : 0;
        this.socket.write(encodeFrame(FrameType.data, last, p.stream.id, p.data.subarray(0, n)));
        this.#sendWindow -= n;
        p.stream.sendWindow -= n;
        p.data = p.data.subarray(n);
        if (last) return this.#sent(p);
      }
      if (p.end) this.socket.write(encodeFrame(FrameType.data, Flag.endStream, p.stream.id));
      return this.#sent(p);
    });
  }

  /** A queued write handed to the socket: its writer may go on once the socket has room. */
  #sent(p: Pending): false {
    if (this.socket.writableNeedDrain) this.socket.once('drain', p.done);
    else p.done();
    if (p.end && p.stream.remoteEnded) this.#forget(p.stream);
    return false;
  }

  #receive(chunk: Uint8Array): void {
    try {
      for (const f of this.#reader.push(chunk)) {
        this.#frame(f);
        if (this.destroyed) return;
      }
    } catch (err) {
      this.#protocolError((err as Error).message);
    }
  }

  #frame(f: Frame): void {
    if (this.#block && (f.type !== FrameType.continuation || f.stream !== this.#block.stream))
      throw new Error('a header block interrupted by another frame');
    switch (f.type) {
      case FrameType.settings:
        this.#settings(f);
        return;
      case FrameType.ping:
        if (f.flags & Flag.ack) this.#pings.shift()?.(null);
        else this.socket.write(encodeFrame(FrameType.ping, Flag.ack, 0, f.payload));
        return;
      case FrameType.goaway:
        this.#goaway(f);
        return;
      case FrameType.windowUpdate:
        this.#windowUpdate(f);
        return;
      case FrameType.headers:
        this.#block = { stream: f.stream, end: (f.flags & Flag.endStream) !== 0, parts: [unpadded(f)] };
        this.#headersPart(f);
        return;
      case FrameType.continuation:
        if (!this.#block) throw new Error('a CONTINUATION frame without a header block');
        this.#block.parts.push(f.payload);
        this.#headersPart(f);
        return;
      case FrameType.data:
        this.#data(f);
        return;
      case FrameType.rstStream: {
        const stream = this.#streams.get(f.stream);
        const code = word(f.payload, 0);
        stream?.failed(new StreamResetError(ERROR_NAMES[code] ?? `code ${code}`));
        if (stream) this.#forget(stream);
        return;
      }
      case FrameType.pushPromise:
        throw new Error('a PUSH_PROMISE, though push is off');
    }
  }

  #settings(f: Frame): void {
    if (f.flags & Flag.ack) return;
    if (f.stream !== 0 || f.payload.length % 6 !== 0) throw new Error('a malformed SETTINGS frame');
    const v = new DataView(f.payload.buffer, f.payload.byteOffset, f.payload.length);
    for (let at = 0; at < f.payload.length; at += 6) {
      const id = v.getUint16(at);
      const value = v.getUint32(at + 2);
      if (id === Setting.initialWindowSize) {
        if (value > 0x7fffffff) throw new Error('an initial window over 2^31-1');
        for (const s of this.#streams.values()) s.sendWindow += value - this.#peerStreamWindow;
        this.#peerStreamWindow = value;
      } else if (id === Setting.maxFrameSize) {
        if (value < DEFAULT_MAX_FRAME || value > 0xffffff) throw new Error(`a frame size of ${value} octets`);
        this.#peerMaxFrame = value;
      }
    }
    this.socket.write(encodeFrame(FrameType.settings, Flag.ack, 0));
    this.#flush();
  }

  #goaway(f: Frame): void {
    const last = word(f.payload, 0) & 0x7fffffff;
    const code = ERROR_NAMES[word(f.payload, 4)] ?? 'an unknown code';
    this.closed = true;
    for (const s of [...this.#streams.values()].filter((s) => s.id > last)) {
      s.failed(new Error(`the server is going away (${code}) and did not take the call`));
      this.#forget(s);
    }
    this.#endIfIdle();
  }

  #windowUpdate(f: Frame): void {
    const n = word(f.payload, 0) & 0x7fffffff;
    if (f.stream === 0) this.#sendWindow += n;
    else {
      const s = this.#streams.get(f.stream);
      if (s) s.sendWindow += n;
    }
    this.#flush();
  }

  #headersPart(f: Frame): void {
    if (!(f.flags & Flag.endHeaders) || !this.#block) return;
    const { stream: id, end, parts } = this.#block;
    this.#block = undefined;
    const block = concat(parts);
    // Every block is decoded, a stream's or not: they all update the connection's table.
    const fields = this.#hpack.decode(block);
    const stream = this.#streams.get(id);
    if (!stream) return;
    stream.received(fields, end);
    if (end && stream.localEnded) this.#forget(stream);
  }

  #data(f: Frame): void {
    const payload = unpadded(f);
    this.#recvWindow -= f.payload.length;
    if (this.#recvWindow < 0) throw new Error('DATA beyond the connection window');
    const stream = this.#streams.get(f.stream);
    if (!stream) {
      // A stream already reset: nobody reads it, so its window comes back at once.
      this.#returnWindow(undefined, f.payload.length);
      return;
    }
    stream.recvWindow -= f.payload.length;
    if (stream.recvWindow < 0) throw new Error(`DATA beyond the window of stream ${f.stream}`);
    // Padding is not read by anyone: it counts as taken at once.
    this.#returnWindow(stream, f.payload.length - payload.length);
    const end = (f.flags & Flag.endStream) !== 0;
    stream.receivedData(payload, end);
    if (end && stream.localEnded) this.#forget(stream);
  }

  /** Gives the server back the window `bytes` took, in updates of at least half a window. */
  #returnWindow(stream: H2Stream | undefined, bytes: number): void {
    if (bytes === 0 || this.destroyed) return;
    this.#unacked += bytes;
    if (this.#unacked >= CONNECTION_WINDOW / 2) {
      this.socket.write(encodeFrame(FrameType.windowUpdate, 0, 0, words(this.#unacked)));
      this.#recvWindow += this.#unacked;
      this.#unacked = 0;
    }
    if (!stream || !this.#streams.has(stream.id) || stream.remoteEnded) return;
    stream.unacked += bytes;
    if (stream.unacked >= STREAM_WINDOW / 2) {
      this.socket.write(encodeFrame(FrameType.windowUpdate, 0, stream.id, words(stream.unacked)));
      stream.recvWindow += stream.unacked;
      stream.unacked = 0;
    }
  }

  #forget(stream: H2Stream): void {
    this.#streams.delete(stream.id);
    this.#endIfIdle();
  }

  #endIfIdle(): void {
    if (!this.closed || this.destroyed || this.#streams.size > 0) return;
    this.socket.end(encodeFrame(FrameType.goaway, 0, 0, words(0, 0)));
  }

  #protocolError(message: string): void {
    if (this.destroyed) return;
    this.socket.write(encodeFrame(FrameType.goaway, 0, 0, words(0, PROTOCOL_ERROR)));
    this.destroy(new Error(`the server broke HTTP/2: ${message}`));
  }
}

/** The 32-bit word at `at` of a frame's payload; a payload too short is a malformed frame. */
function word(payload: Uint8Array, at: number): number {
  if (payload.length < at + 4) throw new Error('a frame too short for its type');
  return new DataView(payload.buffer, payload.byteOffset, payload.length).getUint32(at);
}
