import { type ClientDuplexStream, credentials, Client as GrpcClient, Metadata } from '@grpc/grpc-js';
import { castGrpcError } from 'etcd3';
import { connectOptions, memberUnreachable } from '../connect.ts';
import type { EtcdTls } from '../store-url.ts';

/** A member that refused a connection is not asked again for this long. */
const SKIP_MS = 1_000;
const identity = (b: Buffer) => b;

/**
 * gRPC channels to each member of an etcd cluster, for calls whose messages are encoded by
 * hand (kv-messages.ts, watch-messages.ts). Fault handling as the etcd3 client is set up in
 * connect.ts: a member that cannot be reached is skipped for a second and the call goes to
 * another at once; any other failure (no answer in time, no leader) sends the next call to
 * another member, since the caller sends again. Every call carries etcd's "hasleader"
 * metadata: a member that knows it has no leader says so at once (and ends its watches)
 * instead of holding a proposal it cannot commit.
 */
export class EtcdMembers {
  readonly endpoints: readonly string[];
  readonly #clients: GrpcClient[];
  readonly #skipUntil: number[];
  #current = 0;

  constructor(endpoints: readonly string[], tls: EtcdTls | undefined) {
    this.endpoints = endpoints;
    const files = connectOptions(endpoints, tls, 0).credentials;
    const creds = files
      ? credentials.createSsl(files.rootCertificate, files.privateKey, files.certChain)
      : credentials.createInsecure();
    // Keepalive: a member cut off without a reset (a partition) is noticed within 15 s, not never;
    // etcd accepts pings every 5 s by default.
    const options = { 'grpc.keepalive_time_ms': 10_000, 'grpc.keepalive_timeout_ms': 5_000 };
    this.#clients = endpoints.map((e) => new GrpcClient(e, creds, options));
    this.#skipUntil = endpoints.map(() => 0);
    this.#current = Math.floor(Math.random() * endpoints.length);
  }

  /** The member to ask now: the current one, or the next not being skipped. */
  pick(): number {
    const now = Date.now();
    for (let k = 0; k < this.#clients.length; k++) {
      const i = (this.#current + k) % this.#clients.length;
      if (this.#skipUntil[i]! > now) continue;
      this.#current = i;
      return i;
    }
    return this.#current;
  }

  /** The call to member `i` failed with `err`: the next goes elsewhere (and `i` is skipped if unreachable). */
  failed(i: number, err: Error): void {
    if (memberUnreachable(err)) this.#skipUntil[i] = Date.now() + SKIP_MS;
    if (i === this.#current) this.#current = (i + 1) % this.#clients.length;
  }

  /** One unary call (path like `/etcdserverpb.KV/Txn`); an unreachable member's call goes to the next at once. */
  async unary(path: string, request: Buffer, deadline: number): Promise<Buffer> {
    let last: Error | undefined;
    for (let tries = 0; tries < this.#clients.length; tries++) {
      const i = this.pick();
      try {
        return await new Promise<Buffer>((resolve, reject) =>
          this.#clients[i]!.makeUnaryRequest(
            path,
            identity,
            identity,
            request,
            leaderMetadata(),
            { deadline },
            (e, r) => (e || !r ? reject(e ?? new Error('empty answer')) : resolve(r)),
          ),
        );
      } catch (e) {
        last = castGrpcError(e as Error);
        this.failed(i, last);
        if (!memberUnreachable(last)) throw last;
      }
    }
    throw last!;
  }

  /** A bidirectional stream to member `i` (a watch); its errors are the caller's to cast and report. */
  stream(i: number, path: string): ClientDuplexStream<Buffer, Buffer> {
    return this.#clients[i]!.makeBidiStreamRequest(path, identity, identity, leaderMetadata(), {});
  }

  close(): void {
    for (const c of this.#clients) c.close();
  }
}

function leaderMetadata(): Metadata {
  const m = new Metadata();
  m.set('hasleader', 'true');
  return m;
}
