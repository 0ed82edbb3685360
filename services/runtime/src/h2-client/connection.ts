import { createRequire } from 'node:module';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import type { Client } from '../client.ts';
import { ErrorKind } from '../errors.ts';
import type { GenericServiceDefinition, MethodDefinition } from '../rpc.ts';
import { hostOf, type Target, tlsNameFor } from '../target.ts';
import { Call } from './call.ts';
import { GrpcCallError } from './call-error.ts';
import { H2Session } from './session.ts';

// Built-in modules through require: an ES import builds a facade that reads every export.
const require = createRequire(import.meta.url);

/** grpc-js's default receive limit, kept so that a reply too large fails the same way. */
const MAX_RECEIVE_BYTES = 4 * 1024 * 1024;
/** The deadlines grpc-js calls had in the CLI: unary calls 30 s, uploads 10 minutes. */
const UNARY_DEADLINE_MS = 30_000;
const UPLOAD_DEADLINE_MS = 600_000;

type Opts = { signal?: AbortSignal; deadlineMs?: number; metadata?: Record<string, string> };

/**
 * Keepalive: a PING every `intervalMs` while the connection is open; no answer within
 * `timeoutMs` ends the connection and fails its calls UNAVAILABLE. A server whose machine died or
 * whose network was cut sends no reset, and a command following a stream would wait forever.
 */
export interface Keepalive {
  intervalMs: number;
  timeoutMs: number;
}
const KEEPALIVE: Keepalive = { intervalMs: 20_000, timeoutMs: 10_000 };

/**
 * One HTTP/2 connection to a server, opened at the first call (and again after it was lost), for
 * clients of any of its services. The session closes when the last client is closed.
 */
export class H2Connection {
  readonly #target: Target;
  readonly #metadata: Record<string, string>;
  readonly #keepalive: Keepalive;
  #session: H2Session | undefined;
  #clients = 0;

  constructor(target: Target, keepalive: Keepalive = KEEPALIVE) {
    this.#target = target;
    this.#keepalive = keepalive;
    this.#metadata = target.token === undefined ? {} : { authorization: `Bearer ${target.token}` };
  }

  /** A typed client of one service; its close() releases it. */
  client<D extends GenericServiceDefinition>(def: D): Client<D> {
    this.#clients++;
    let open = true;
    const out: Record<string, unknown> = {
      close: () => {
        if (open && --this.#clients === 0) this.#closeSession();
        open = false;
      },
    };
    for (const [key, m] of Object.entries(def.methods)) {
      const path = `/${def.fullName}/${m.name}`;
      if (m.requestStream && m.responseStream) continue;
      if (m.requestStream)
        out[key] = (requests: AsyncIterable<unknown>, o: Opts = {}) => this.#upload(path, m, requests, o);
      else if (m.responseStream) out[key] = (request: unknown, o: Opts = {}) => this.#stream(path, m, request, o);
      else out[key] = (request: unknown, o: Opts = {}) => this.#unary(path, m, request, o);
    }
    return out as Client<D>;
  }

  /**
   * Lets calls still open finish, but no longer keeps the process alive for them: a command
   * that is done ends even if a stream it left is not yet closed.
   */
  #closeSession(): void {
    this.#session?.close();
    this.#session?.socket.unref();
  }

  async #unary(path: string, m: MethodDefinition, request: unknown, o: Opts): Promise<unknown> {
    const call = this.#call(path, o, o.deadlineMs ?? UNARY_DEADLINE_MS);
    call.end(m.requestType.encode(request).finish());
    return only(m, await collect(m, call));
  }

  async *#stream(path: string, m: MethodDefinition, request: unknown, o: Opts): AsyncGenerator<unknown> {
    const call = this.#call(path, o, o.deadlineMs);
    call.end(m.requestType.encode(request).finish());
    for await (const payload of call.replies()) yield decode(m, payload);
  }

  async #upload(path: string, m: MethodDefinition, requests: AsyncIterable<unknown>, o: Opts): Promise<unknown> {
    const call = this.#call(path, o, o.deadlineMs ?? UPLOAD_DEADLINE_MS);
    void (async () => {
      try {
        for await (const r of requests) await call.send(m.requestType.encode(r).finish());
        call.end();
      } catch (err) {
        call.fail(err);
      }
    })();
    return only(m, await collect(m, call));
  }

  #call(path: string, o: Opts, deadlineMs: number | undefined): Call {
    return new Call(this.#open(), {
      address: this.#target.address,
      path,
      scheme: plainText(this.#target) ? 'http' : 'https',
      metadata: o.metadata ? { ...o.metadata, ...this.#metadata } : this.#metadata,
      deadlineMs,
      signal: o.signal,
      maxReceiveBytes: MAX_RECEIVE_BYTES,
    });
  }

  #open(): H2Session {
    if (this.#session && !this.#session.closed && !this.#session.destroyed) return this.#session;
    const t = this.#target;
    const host = hostOf(t.address);
    const port = Number(/:(\d+)$/.exec(t.address)?.[1] ?? (t.insecure ? 80 : 443));
    const socket = t.socket
      ? net().connect({ path: t.socket })
      : t.insecure
        ? net().connect({ host, port })
        : tlsConnect(t, host, port);
    // A failed or lost connection fails the calls on it; the next call connects again.
    this.#session = new H2Session(socket, !plainText(t));
    watchAlive(this.#session, this.#keepalive);
    return this.#session;
  }
}

const net = () => require('node:net') as typeof import('node:net');

/** No TLS: a server run with --insecure, or its local socket. */
const plainText = (t: Target): boolean => t.insecure || t.socket !== undefined;

function tlsConnect(t: Target, host: string, port: number): TLSSocket {
  // An address given as an IP is checked against the name the server's certificate always
  // carries ('localhost'), as grpc-js's target name override did. Here, not by tls: its check
  // (and the SNI name's) runs net.isIP on the name, whose IPv6 expression costs a one-shot
  // command ~15 ms to compile. An IP sends no SNI name anyway.
  const ipName = tlsNameFor(t.address);
  return (require('node:tls') as typeof import('node:tls')).connect({
    host,
    port,
    ...(t.caPem !== undefined && { ca: t.caPem }),
    ...(t.clientCert && { cert: t.clientCert.certPem, key: t.clientCert.keyPem }),
    ...(ipName === undefined
      ? { servername: host }
      : { checkServerIdentity: (_host: string, cert: PeerCertificate) => certHasName(cert, ipName) }),
    ALPNProtocols: ['h2'],
  });
}

async function collect(m: MethodDefinition, call: Call): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const payload of call.replies()) out.push(decode(m, payload));
  return out;
}

function only(m: MethodDefinition, replies: unknown[]): unknown {
  if (replies.length !== 1)
    throw new GrpcCallError(ErrorKind.internal, `${m.name} answered ${replies.length} messages instead of one`);
  return replies[0];
}

function decode(m: MethodDefinition, payload: Uint8Array): unknown {
  try {
    return m.responseType.decode(payload);
  } catch (err) {
    throw new GrpcCallError(ErrorKind.internal, `cannot decode the ${m.name} reply: ${(err as Error).message}`);
  }
}

/** A client of one service on a connection of its own, closed with it. */
export function createH2Client<D extends GenericServiceDefinition>(
  def: D,
  target: Target,
  keepalive?: Keepalive,
): Client<D> {
  return new H2Connection(target, keepalive).client(def);
}

/** Pings `session` on `k`'s schedule (without keeping the process alive); silence past the timeout ends it. */
function watchAlive(session: H2Session, k: Keepalive): void {
  let waiting: NodeJS.Timeout | undefined;
  const every = setInterval(() => {
    if (waiting || session.destroyed) return;
    waiting = setTimeout(
      () => session.destroy(new Error(`no answer to a keepalive ping in ${k.timeoutMs / 1000} s`)),
      k.timeoutMs,
    ).unref();
    session.ping((err) => {
      clearTimeout(waiting);
      waiting = undefined;
      if (err) session.destroy(err);
    });
  }, k.intervalMs).unref();
  session.onClose(() => {
    clearInterval(every);
    clearTimeout(waiting);
  });
}

/** tls's error when `name` is not among the certificate's DNS names. */
export function certHasName(cert: PeerCertificate, name: string): Error | undefined {
  const names = (cert.subjectaltname ?? '').split(', ');
  if (names.includes(`DNS:${name}`)) return undefined;
  const err = new Error(
    `Hostname/IP does not match certificate's altnames: Host: ${name} is not in the cert's altnames: ${cert.subjectaltname ?? '(none)'}`,
  );
  return Object.assign(err, {
    code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    reason: `Host: ${name} is not in the cert's altnames`,
  });
}
