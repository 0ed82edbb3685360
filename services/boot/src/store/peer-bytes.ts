import { existsSync, readFileSync } from 'node:fs';
import { BootServiceDefinition } from '@paddock/proto/boot/v1/boot.ts';
import { createClient, grpcConnection, type Logger, pkiPaths } from '@paddock/runtime';
import { Counter, type Registry } from 'prom-client';
import type { FileStore, StoredFile } from './file-store.ts';

/** Another Paddock server of the site, as registered on etcd. */
export interface Peer {
  server: string;
  /** Its gRPC address (host:port). */
  grpc: string;
}

/** Set on a download made by a peer fetching bytes: the server asked sends what it holds, and fetches nothing itself. */
export const PEER_FETCH_HEADER = 'paddock-peer-fetch';

export interface PeerBytesOptions {
  files: FileStore;
  /** The site's other servers, as registered now. */
  peers(): Promise<Peer[]>;
  /** This server's data dir: its site CA bundle and admin certificate are the credentials peers accept. */
  dataDir: string;
  log: Logger;
  registry: Registry;
  /** Longest wait for the next chunk from a peer before trying another. Default 10 s. */
  idleMs?: number;
}

/**
 * Boot file bytes from the site's other servers. On etcd every server lists every file, but a
 * file's bytes land on the server it was uploaded or published to; the others fetch them from
 * a server that holds them with the boot API's own DownloadFile, over TLS checked against the
 * site CA, presenting this server's admin certificate from that CA (what every server of the
 * site accepts). The bytes are kept only when they hash to the SHA-256 on record, so a peer can
 * delay a fetch but never change what is served. One fetch per content at a time: a boot
 * request and the background fill asking for the same bytes wait for the same fetch.
 */
export class PeerBytes {
  readonly #o: PeerBytesOptions;
  readonly #running = new Map<string, Promise<void>>();
  /** The last failure logged per content: the same one again (every 30 s) is logged at debug only. */
  readonly #warned = new Map<string, string>();
  readonly #fetches: Counter<'result'>;
  readonly #bytes: Counter;

  constructor(o: PeerBytesOptions) {
    this.#o = o;
    this.#fetches = new Counter({
      name: 'paddock_boot_peer_fetches_total',
      help: "boot file fetches from the site's other servers, by result",
      labelNames: ['result'] as const,
      registers: [o.registry],
    });
    this.#bytes = new Counter({
      name: 'paddock_boot_peer_fetched_bytes_total',
      help: "boot file bytes fetched from the site's other servers and kept",
      registers: [o.registry],
    });
  }

  /** Fetches the file's bytes unless they are here; resolves when they are, or when no peer could send them. */
  fetch(f: StoredFile): Promise<void> {
    if (existsSync(this.#o.files.blobPath(f))) return Promise.resolve();
    let run = this.#running.get(f.sha256);
    if (!run) {
      run = this.#fetchFromPeers(f).finally(() => this.#running.delete(f.sha256));
      this.#running.set(f.sha256, run);
    }
    return run;
  }

  /** Fetches the bytes of every listed file this server lacks, one content after another; the number still missing. */
  async fillMissing(): Promise<number> {
    const seen = new Set<string>();
    let missing = 0;
    for (const f of this.#o.files.missing()) {
      if (seen.has(f.sha256)) continue;
      seen.add(f.sha256);
      await this.fetch(f);
      if (!existsSync(this.#o.files.blobPath(f))) missing++;
    }
    return missing;
  }

  async #fetchFromPeers(f: StoredFile): Promise<void> {
    let peers: Peer[];
    try {
      peers = shuffle(await this.#o.peers());
    } catch (err) {
      this.#fetches.inc({ result: 'no-registry' });
      this.#o.log.warn({ file: f.name, err: (err as Error).message }, "cannot read the site's servers from etcd");
      return;
    }
    const tried: string[] = [];
    for (const peer of peers) {
      const started = Date.now();
      try {
        const size = await this.#fetchFrom(peer, f);
        this.#fetches.inc({ result: 'fetched' });
        this.#warned.delete(f.sha256);
        this.#bytes.inc(size);
        this.#o.log.info(
          { file: f.name, sha256: f.sha256, bytes: size, from: peer.server, ms: Date.now() - started },
          'boot file bytes fetched from another server of the site',
        );
        return;
      } catch (err) {
        const why = (err as Error).message;
        this.#fetches.inc({ result: /SHA-256/.test(why) ? 'bad-bytes' : 'failed' });
        tried.push(`${peer.server}: ${why}`);
      }
    }
    if (tried.length === 0) this.#fetches.inc({ result: 'no-peer' });
    const msg =
      tried.length === 0
        ? 'boot file bytes are not here and no other server of the site is registered'
        : 'boot file bytes are not here and no other server of the site sent them';
    const again = this.#warned.get(f.sha256) === `${msg}${tried.join()}`;
    this.#warned.set(f.sha256, `${msg}${tried.join()}`);
    this.#o.log[again ? 'debug' : 'warn']({ file: f.name, sha256: f.sha256, tried }, msg);
  }

  /** Downloads the file from one peer into the store; the number of bytes, or why not. */
  async #fetchFrom(peer: Peer, f: StoredFile): Promise<number> {
    const conn = grpcConnection({ address: peer.grpc, insecure: false, ...credentials(this.#o.dataDir) });
    const client = createClient(BootServiceDefinition, conn.address, conn.credentials, conn.options);
    const abort = new AbortController();
    const idleMs = this.#o.idleMs ?? 10_000;
    let idle = setTimeout(() => abort.abort(), idleMs);
    let size = 0;
    try {
      const stream = client
        .downloadFile({ name: f.name }, { signal: abort.signal, metadata: { [PEER_FETCH_HEADER]: '1' } })
        [Symbol.asyncIterator]();
      const first = await stream.next();
      const head = first.done ? undefined : first.value.part;
      if (head?.$case !== 'file') throw new Error('the answer did not start with the file');
      // The peer's row may be newer or older than ours: only the recorded content will do.
      if (head.value.sha256 !== f.sha256)
        throw new Error(`it holds other content under that name (SHA-256 ${head.value.sha256.slice(0, 12)}…)`);
      const chunks = async function* () {
        for (let r = await stream.next(); !r.done; r = await stream.next()) {
          clearTimeout(idle);
          idle = setTimeout(() => abort.abort(), idleMs);
          if (r.value.part?.$case !== 'chunk') continue;
          size += r.value.part.value.length;
          yield r.value.part.value;
        }
      };
      await this.#o.files.putBlob(f.sha256, chunks());
      return size;
    } catch (err) {
      if (abort.signal.aborted) throw new Error(`nothing received for ${idleMs} ms`);
      throw err;
    } finally {
      clearTimeout(idle);
      abort.abort();
      client.close();
    }
  }
}

/**
 * The site CA bundle and this server's admin certificate, read at each fetch (a renewal
 * replaces them). A server without them (made with --insecure) dials without TLS.
 */
function credentials(dataDir: string) {
  const p = pkiPaths(dataDir);
  if (![p.caCert, p.adminCert, p.adminKey].every((f) => existsSync(f))) return { insecure: true };
  return {
    caPem: readFileSync(p.caCert),
    clientCert: { certPem: readFileSync(p.adminCert), keyPem: readFileSync(p.adminKey) },
  };
}

function shuffle<T>(list: T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
