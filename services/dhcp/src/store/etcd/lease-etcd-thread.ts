/**
 * The etcd client's thread for the lease store (etcd-lease-store.ts): it checks the site, reads
 * every lease, watches the prefix for other servers' writes, and runs claims as transactions.
 * The gRPC and protobuf work of all that stays off the thread that answers DHCP.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  claimSite,
  connectOptions,
  EtcdMembers,
  type EtcdTls,
  PrefixWatch,
  prefixEnd,
  readRange,
  type WatchEvent,
} from '@paddock/etcd';
import { Etcd3 } from 'etcd3';
import { claimTxn } from './claim-txn.ts';
import { claimsOf, type FromThread, type Kv, leasePrefix, type ToThread } from './lease-etcd-wire.ts';

const { endpoints, tls, prefix, site, timeoutMs, resendMs, writer } = workerData as {
  endpoints: string[];
  /** This server's writer id: its own writes, echoed by the watch, cross back as revisions only. */
  writer: string;
  tls: EtcdTls | undefined;
  prefix: string;
  site: string;
  timeoutMs: number;
  resendMs: number;
};
const leases = leasePrefix(prefix);
const post = (m: FromThread) => parentPort!.postMessage(m);
const client = new Etcd3(connectOptions(endpoints, tls, timeoutMs));
/** Claims and the watch: messages encoded by hand, on channels of their own. */
const members = new EtcdMembers(endpoints, tls);
const where = `etcd at ${endpoints.join(',')}`;
const own = Buffer.from(`{"w":${JSON.stringify(writer)}`);
let watch: PrefixWatch | undefined;
let healthy = true;
/**
 * The slowest recent claim (ms, decaying): a claim is sent again only after three times it, so
 * a loaded etcd that answers slowly is not sent every claim twice; a dead leader, which follows
 * quick answers, still costs only `resendMs`.
 */
let slowMs = 0;

/** Every lease, at one revision. */
const readAll = () => readRange(client, { key: leases, end: prefixEnd(leases) }, timeoutMs);

/**
 * Watches on from `revision`; a member lost is left for another from the last revision seen, and
 * only when etcd compacted what the watch missed is every lease read again.
 */
function watchFrom(revision: string): void {
  watch = new PrefixWatch({
    members,
    key: leases,
    rangeEnd: prefixEnd(leases),
    after: Number(revision),
    onEvents: (events) => post(changesOf(events)),
    reread: async () => {
      const { rows, revision: at } = await readAll();
      post({ kind: 'reloaded', rows });
      return Number(at);
    },
    onStarted: (endpoint, after, cause) =>
      post({ kind: 'watching', endpoint, after: String(after), ...(cause !== undefined && { cause }) }),
  });
}

/** Other servers' writes in full; this server's own (most of them) as address and revision only. */
function changesOf(events: readonly WatchEvent[]): FromThread {
  const changed: Kv[] = [];
  const mine: number[] = [];
  for (const e of events) {
    if (!e.deleted && e.value.subarray(0, own.length).equals(own)) {
      mine.push(Number.parseInt(e.key.toString('latin1', e.key.length - 8), 16), e.mod);
      continue;
    }
    changed.push({ key: e.key.toString(), value: e.deleted ? undefined : e.value.toString(), mod: String(e.mod) });
  }
  return { kind: 'changes', events: changed, mine };
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
    watchFrom(revision);
  } catch (err) {
    post({ kind: 'open-failed', error: `${where}: ${(err as Error).message}` });
  }
}

parentPort!.on('message', async (m: ToThread) => {
  if (m.kind === 'close') {
    watch?.close();
    members.close();
    client.close();
    parentPort!.close();
    return;
  }
  try {
    const started = Date.now();
    const wait = Math.min(timeoutMs / 2, Math.max(resendMs, 3 * slowMs));
    const { written, lost } = await claimTxn(members, claimsOf(m.batch, prefix, writer), { timeoutMs, resendMs: wait });
    slowMs = Math.max(Date.now() - started, slowMs * 0.9);
    health(true, `${where} reachable`);
    const flat: number[] = [];
    for (const w of written) flat.push(Number.parseInt(w.key.slice(-8), 16), Number(w.mod));
    post({ kind: 'committed', id: m.id, written: flat, lost });
  } catch (err) {
    const error = `${where} did not confirm the claim within ${timeoutMs} ms (no quorum or unreachable): ${(err as Error).message}`;
    health(false, error);
    post({ kind: 'commit-failed', id: m.id, error });
  }
});

void open();
