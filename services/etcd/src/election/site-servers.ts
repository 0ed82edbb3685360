import { setTimeout as sleep } from 'node:timers/promises';
import type { Etcd3 } from 'etcd3';
import { grantLease, renewLease, revokeLease } from './lease-ops.ts';
import { prefixEnd } from './read-roles.ts';
import { keepaliveEveryMs } from './validity.ts';

/**
 * The site's Paddock servers: while it runs, each keeps `<prefix>servers/<id>` under a lease of
 * its own, saying where the others reach it. A killed server's record goes when its lease ends;
 * one that stops revokes it at once. Read by every server (boot file bytes are fetched from the
 * servers that hold them) and by `paddock status`. A value that does not decode is named, never
 * thrown: a foreign or damaged key under the prefix must not stop a server.
 */
export const serverKey = (prefix: string, id: string): string => `${prefix}servers/${id}`;
const serversPrefix = (prefix: string): string => `${prefix}servers/`;

export interface ServerRecord {
  /** The server's id (hostname, pid and gRPC address), as written in the roles it holds. */
  server: string;
  /** Where the other servers of the site dial its gRPC port (host:port). */
  grpc: string;
  hostname: string;
  version: string;
  /** Epoch ms when it registered. */
  since: number;
}

export type ServerRead = ServerRecord | { server: string; error: string };

export function decodeServer(id: string, value: string): ServerRead {
  let v: unknown;
  try {
    v = JSON.parse(value);
  } catch {
    return { server: id, error: 'not JSON' };
  }
  const o = v as Partial<ServerRecord> | null;
  if (
    typeof o !== 'object' ||
    o === null ||
    typeof o.grpc !== 'string' ||
    typeof o.hostname !== 'string' ||
    typeof o.version !== 'string' ||
    typeof o.since !== 'number'
  )
    return { server: id, error: 'not a server record (grpc, hostname, version, since)' };
  return { server: id, grpc: o.grpc, hostname: o.hostname, version: o.version, since: o.since };
}

/** Every server registered under the prefix, in one read. */
export async function readServers(client: Etcd3, prefix: string, deadlineMs: number): Promise<ServerRead[]> {
  const from = Buffer.from(serversPrefix(prefix));
  const res = await client.kv.range({ key: from, range_end: prefixEnd(from) }, { deadline: Date.now() + deadlineMs });
  return res.kvs.map((kv) => decodeServer(kv.key.toString().slice(from.length), kv.value.toString()));
}

export interface ServerRegistrationOptions {
  prefix: string;
  record: Omit<ServerRecord, 'since'>;
  ttlSeconds: number;
  /** Told when the record could not be written or kept (etcd out of reach), and why. */
  onProblem?: (why: string) => void;
}

/**
 * Keeps this server's record: written under a fresh lease, the lease renewed three times per
 * TTL; when etcd says the lease ended (a partition longer than the TTL), a new lease and the
 * record again. Every call has a deadline, so a dead member never holds the loop.
 */
export class ServerRegistration {
  readonly #client: Etcd3;
  readonly #o: ServerRegistrationOptions;
  readonly #stop = new AbortController();
  #lease: string | undefined;
  #done: Promise<void> | undefined;

  constructor(client: Etcd3, o: ServerRegistrationOptions) {
    this.#client = client;
    this.#o = o;
  }

  get server(): string {
    return this.#o.record.server;
  }

  start(): this {
    this.#done ??= this.#run();
    return this;
  }

  /** Deletes the record (with its lease) at once. */
  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#done;
    if (this.#lease) await revokeLease(this.#client, this.#lease, 2_000);
  }

  async #run(): Promise<void> {
    const signal = this.#stop.signal;
    const ttlMs = this.#o.ttlSeconds * 1000;
    const every = keepaliveEveryMs(ttlMs);
    while (!signal.aborted) {
      try {
        if (!this.#lease) {
          const lease = await grantLease(this.#client, this.#o.ttlSeconds, every);
          const value = JSON.stringify({ ...this.#o.record, since: Date.now() } satisfies ServerRecord);
          await this.#client.kv.put(
            { key: Buffer.from(serverKey(this.#o.prefix, this.#o.record.server)), value: Buffer.from(value), lease },
            { deadline: Date.now() + every },
          );
          this.#lease = lease;
        }
        await sleep(every, undefined, { signal }).catch(() => {});
        if (signal.aborted) break;
        if ((await renewLease(this.#client, this.#lease, every)) <= 0) {
          this.#lease = undefined;
          this.#o.onProblem?.('etcd says the lease of this server record ended: writing it again');
        }
      } catch (err) {
        if (signal.aborted) break;
        this.#o.onProblem?.((err as Error).message);
        await sleep(Math.min(every, 1_000), undefined, { signal }).catch(() => {});
      }
    }
  }
}
