/**
 * The etcd client's thread for the lease store (etcd-lease-store.ts): it checks the site, reads
 * every lease, watches the prefix for other servers' writes, and runs claims as transactions.
 * The gRPC and protobuf work of all that stays off the thread that answers DHCP.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { claimSite, connectOptions, type EtcdTls } from '@paddock/etcd';
import { Etcd3, type IKeyValue, type Watcher } from 'etcd3';
import { claimTxn } from './claim-txn.ts';
import { type FromThread, type Kv, leasePrefix, type ToThread } from './lease-etcd-wire.ts';

const { endpoints, tls, prefix, site, timeoutMs, resendMs } = workerData as {
  endpoints: string[];
  tls: EtcdTls | undefined;
  prefix: string;
  site: string;
  timeoutMs: number;
  resendMs: number;
};
const leases = leasePrefix(prefix);
const post = (m: FromThread) => parentPort!.postMessage(m);
const client = new Etcd3(connectOptions(endpoints, tls, timeoutMs));
const where = `etcd at ${endpoints.join(',')}`;
let watcher: Watcher | undefined;
let closed = false;
let healthy = true;
/**
 * The slowest recent claim (ms, decaying): a claim is sent again only after three times it, so
 * a loaded etcd that answers slowly is not sent every claim twice; a dead leader, which follows
 * quick answers, still costs only `resendMs`.
 */
let slowMs = 0;

const kv = (k: IKeyValue): Kv => ({ key: k.key.toString(), value: k.value.toString(), mod: k.mod_revision });

/** Every lease, in pages (a site's leases can outgrow one gRPC message), at one revision. */
async function readAll(): Promise<{ rows: Kv[]; revision: string }> {
  const rows: Kv[] = [];
  let from = leases;
  let revision: string | undefined;
  for (;;) {
    const res = await client.kv.range(
      {
        key: Buffer.from(from),
        range_end: Buffer.from(prefixEndOf(leases)),
        limit: 5000,
        ...(revision ? { revision } : {}),
      },
      { deadline: Date.now() + timeoutMs },
    );
    const at: string = revision ?? res.header.revision;
    revision = at;
    rows.push(...res.kvs.map(kv));
    if (!res.more || res.kvs.length === 0) return { rows, revision: at };
    from = `${res.kvs[res.kvs.length - 1]!.key.toString()}\0`;
  }
}

function prefixEndOf(p: string): string {
  return p.slice(0, -1) + String.fromCharCode(p.charCodeAt(p.length - 1) + 1);
}

async function watchFrom(revision: string): Promise<void> {
  const w = await client
    .watch()
    .prefix(leases)
    .startRevision(String(BigInt(revision) + 1n))
    .create();
  watcher = w;
  w.on('data', (res) => {
    const events = res.events.map((e) => (e.type === 'Delete' ? { ...kv(e.kv), value: undefined } : kv(e.kv)));
    if (events.length > 0) post({ kind: 'changes', events });
  });
  // A watch is never resumed: etcd3 would resume it from the last revision it saw after a lost
  // connection, and when etcd has compacted that revision its answer makes etcd3 1.1.2 throw
  // from its stream handler, ending this thread. At a lost connection, or a cancel from etcd,
  // read everything again and watch on from there.
  const again = () => {
    if (closed || watcher !== w) return;
    watcher = undefined;
    void w.cancel().catch(() => {});
    void reload();
  };
  w.on('disconnected', again);
  w.on('error', again);
}

async function reload(): Promise<void> {
  for (let delay = 200; !closed; delay = Math.min(delay * 2, 5_000)) {
    try {
      const { rows, revision } = await readAll();
      post({ kind: 'reloaded', rows });
      await watchFrom(revision);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

function health(ok: boolean, detail: string): void {
  if (ok === healthy) return;
  healthy = ok;
  post({ kind: 'health', ok, detail });
}

async function open(): Promise<void> {
  try {
    await claimSite(client, prefix, site, timeoutMs);
    const { rows, revision } = await readAll();
    post({ kind: 'loaded', rows, revision });
    await watchFrom(revision);
  } catch (err) {
    post({ kind: 'open-failed', error: `${where}: ${(err as Error).message}` });
  }
}

parentPort!.on('message', async (m: ToThread) => {
  if (m.kind === 'close') {
    closed = true;
    await watcher?.cancel().catch(() => {});
    client.close();
    parentPort!.close();
    return;
  }
  try {
    const started = Date.now();
    const wait = Math.min(timeoutMs / 2, Math.max(resendMs, 3 * slowMs));
    const { written, lost } = await claimTxn(client, m.claims, { timeoutMs, resendMs: wait });
    slowMs = Math.max(Date.now() - started, slowMs * 0.9);
    health(true, `${where} reachable`);
    post({ kind: 'committed', id: m.id, written, lost });
  } catch (err) {
    const error = `${where} did not confirm the claim within ${timeoutMs} ms (no quorum or unreachable): ${(err as Error).message}`;
    health(false, error);
    post({ kind: 'commit-failed', id: m.id, error });
  }
});

void open();
