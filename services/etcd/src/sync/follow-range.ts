import type { MessagePort } from 'node:worker_threads';
import type { Etcd3 } from 'etcd3';
import type { EtcdMembers } from '../raw/etcd-members.ts';
import { PrefixWatch } from '../raw/prefix-watch.ts';
import type { WatchEvent } from '../raw/watch-messages.ts';
import type { Range } from './etcd-ops.ts';

/** A key-value as read or watched; `value` undefined: deleted. Revisions are decimal strings (they cross threads). */
export interface RangeKv {
  key: string;
  value: string | undefined;
  mod: string;
}

/** What a followed range tells its owner, in order (see followRange). */
export type FollowMessage =
  /** Everything in the range at `revision`: at the start, and again after a compaction (`again`). */
  | { kind: 'read'; rows: RangeKv[]; revision: string; again: boolean }
  /** Changes after the last message, in revision order (the events of one revision together). */
  | { kind: 'changes'; events: RangeKv[] }
  /** The watch (re)started on a member; `cause` is why it left the last one. */
  | { kind: 'watching'; endpoint: string; after: string; cause?: string };

/**
 * Every key-value in [key, end), in pages (a range can outgrow one gRPC message), all read at one
 * revision, and that revision.
 */
export async function readRange(
  client: Etcd3,
  range: Required<Range>,
  timeoutMs: number,
): Promise<{ rows: RangeKv[]; revision: string }> {
  const rows: RangeKv[] = [];
  let from = range.key;
  let revision: string | undefined;
  for (;;) {
    const res = await client.kv.range(
      { key: Buffer.from(from), range_end: Buffer.from(range.end), limit: 5000, ...(revision ? { revision } : {}) },
      { deadline: Date.now() + timeoutMs },
    );
    const at: string = revision ?? res.header.revision;
    revision = at;
    for (const kv of res.kvs) rows.push({ key: kv.key.toString(), value: kv.value.toString(), mod: kv.mod_revision });
    if (!res.more || res.kvs.length === 0) return { rows, revision: at };
    from = `${res.kvs[res.kvs.length - 1]!.key.toString()}\0`;
  }
}

/** A watch's events as they cross threads. */
export function rangeKvs(events: readonly WatchEvent[]): RangeKv[] {
  return events.map((e) => ({
    key: e.key.toString(),
    value: e.deleted ? undefined : e.value.toString(),
    mod: String(e.mod),
  }));
}

export interface FollowRangeOptions {
  client: Etcd3;
  members: EtcdMembers;
  /** One key (no `end`), or the keys in [key, end). */
  range: Range;
  timeoutMs: number;
  out: MessagePort;
  isClosed(): boolean;
}

/**
 * Runs in the etcd client's thread: reads the range (tried again, backing off, while etcd is out
 * of reach), tells `out` what it holds, then every change after that read. The watch is a
 * PrefixWatch: when its member is lost it goes on from another after the last revision it
 * delivered, so the owner reads nothing again; only when etcd compacted what it missed is the
 * range read again and sent whole (`again`), once. Resolves to the watch (to close), or
 * undefined when closed before the first read went through.
 */
export async function followRange(o: FollowRangeOptions): Promise<PrefixWatch | undefined> {
  const range = { key: o.range.key, end: o.range.end ?? '' };
  const read = async (again: boolean) => {
    const { rows, revision } = await readRange(o.client, range, o.timeoutMs);
    o.out.postMessage({ kind: 'read', rows, revision, again } satisfies FollowMessage);
    return Number(revision);
  };
  for (let delay = 200; !o.isClosed(); delay = Math.min(delay * 2, 5_000)) {
    let after: number;
    try {
      after = await read(false);
    } catch {
      await new Promise((r) => setTimeout(r, delay));
      continue;
    }
    return new PrefixWatch({
      members: o.members,
      key: range.key,
      rangeEnd: range.end,
      after,
      onEvents: (events) => o.out.postMessage({ kind: 'changes', events: rangeKvs(events) } satisfies FollowMessage),
      reread: () => read(true),
      onStarted: (endpoint, from, cause) =>
        o.out.postMessage({
          kind: 'watching',
          endpoint,
          after: String(from),
          ...(cause !== undefined && { cause }),
        } satisfies FollowMessage),
    });
  }
  return undefined;
}
