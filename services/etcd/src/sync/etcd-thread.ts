/**
 * The etcd client's thread: it runs the asynchronous etcd3 client and answers the store's
 * synchronous calls (see sync-etcd.ts), waking the waiting thread through a shared word.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import { Etcd3, type IRequestOp, type IResponseOp } from 'etcd3';
import { connectOptions } from '../connect.ts';
import { EtcdMembers } from '../raw/etcd-members.ts';
import type { PrefixWatch } from '../raw/prefix-watch.ts';
import type { EtcdTls } from '../store-url.ts';
import type { EtcdOp, EtcdReply, EtcdResult, KeyValue, Range } from './etcd-ops.ts';
import { followRange } from './follow-range.ts';

const { endpoints, tls, shared, port, timeoutMs } = workerData as {
  endpoints: string[];
  tls: EtcdTls | undefined;
  shared: Int32Array;
  port: MessagePort;
  timeoutMs: number;
};
const client = new Etcd3(connectOptions(endpoints, tls, timeoutMs));
/** The watches' own channels (raw/), made at the first one. */
let members: EtcdMembers | undefined;
const watches: PrefixWatch[] = [];

/** Word 1 of `shared`: 1 while etcd is taken for unreachable (sync-etcd.ts fails fast meanwhile). */
const DOWN = 1;
let probing = false;
let closed = false;
const UNREACHABLE = /DEADLINE_EXCEEDED|UNAVAILABLE|circuit breaker/i;

/** Asks etcd something cheap until it answers, then lets the store call it again. */
async function probe(): Promise<void> {
  if (probing) return;
  probing = true;
  while (Atomics.load(shared, DOWN) === 1) {
    try {
      await client.kv.range({ key: Buffer.from('health-probe') }, { deadline: Date.now() + timeoutMs });
      Atomics.store(shared, DOWN, 0);
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  probing = false;
}

type Request = EtcdOp | { kind: 'close' } | { kind: 'probe' } | { kind: 'follow'; range: Range; out: MessagePort };

async function follow(range: Range, out: MessagePort): Promise<void> {
  members ??= new EtcdMembers(endpoints, tls);
  const w = await followRange({ client, members, range, timeoutMs, out, isClosed: () => closed });
  if (!w) return;
  if (closed) w.close();
  else watches.push(w);
}

port.on('message', async (m: { id: number; op: Request }) => {
  if (m.op.kind === 'probe') {
    void probe();
    return;
  }
  if (m.op.kind === 'follow') {
    void follow(m.op.range, m.op.out);
    return;
  }
  let reply: EtcdReply;
  try {
    if (m.op.kind === 'close') {
      closed = true;
      for (const w of watches) w.close();
      members?.close();
      client.close();
      reply = { id: m.id, ok: true, result: { kind: 'txn', succeeded: true, revision: '0' } };
    } else reply = { id: m.id, ok: true, result: await run(m.op) };
  } catch (err) {
    const error = (err as Error).message;
    // Unreachable rather than refused by etcd: later calls fail fast until a probe gets through.
    if (UNREACHABLE.test(error)) {
      Atomics.store(shared, DOWN, 1);
      void probe();
    }
    reply = { id: m.id, ok: false, error };
  }
  port.postMessage(reply);
  Atomics.store(shared, 0, 1);
  Atomics.notify(shared, 0);
});

async function run(op: EtcdOp): Promise<EtcdResult> {
  const options = { deadline: Date.now() + timeoutMs };
  if (op.kind === 'read') {
    const res = await client.kv.txn({ compare: [], success: op.ranges.map(rangeOp) }, options);
    return { kind: 'read', ranges: res.responses.map(kvsOf), revision: res.header.revision };
  }
  const res = await client.kv.txn(
    {
      compare: op.compares.map((c) => ({
        key: Buffer.from(c.key),
        target: 'Mod' as const,
        result: 'Equal' as const,
        mod_revision: c.mod,
      })),
      success: [
        ...op.puts.map((p) => ({ request_put: { key: Buffer.from(p.key), value: Buffer.from(p.value) } })),
        ...op.deletes.map((d) => ({ request_delete_range: bounds(d) })),
      ],
    },
    options,
  );
  return { kind: 'txn', succeeded: res.succeeded, revision: res.header.revision };
}

function rangeOp(r: Range): IRequestOp {
  return { request_range: bounds(r) };
}

function bounds(r: Range): { key: Buffer; range_end?: Buffer } {
  return { key: Buffer.from(r.key), ...(r.end !== undefined ? { range_end: Buffer.from(r.end) } : {}) };
}

function kvsOf(r: IResponseOp): KeyValue[] {
  return (r.response_range?.kvs ?? []).map((kv) => ({
    key: kv.key.toString(),
    value: kv.value.toString(),
    mod: String(kv.mod_revision),
  }));
}
