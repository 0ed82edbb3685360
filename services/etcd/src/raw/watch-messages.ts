/**
 * etcd's Watch messages (rpc.proto: WatchRequest, WatchCreateRequest, WatchResponse; kv.proto:
 * Event), encoded and decoded by hand (proto-wire.ts): a busy site's watch carries every lease
 * write of every server, and the generic codec's objects cost more than the rest of the watch.
 */
import { decodeKeyValue, headerRevision, type RawKv } from './kv-messages.ts';
import { ProtoWriter, readFields } from './proto-wire.ts';

export interface WatchCreate {
  key: string;
  rangeEnd: string;
  /** The first revision to send events of. */
  startRevision: number;
}

/** A WatchRequest creating a watch of [key, rangeEnd) with progress notifications. */
export function encodeWatchCreate(o: WatchCreate): Buffer {
  return new ProtoWriter()
    .message(1, (c) => c.bytes(1, o.key).bytes(2, o.rangeEnd).int(3, o.startRevision).int(4, 1))
    .finish();
}

export interface WatchEvent extends RawKv {
  deleted: boolean;
}

export interface WatchMessage {
  /** The header's revision: with no events (a progress notification), every change up to it was sent. */
  revision: number;
  created: boolean;
  canceled: boolean;
  /** Set when the start revision was compacted away: the watch is canceled, its events are lost. */
  compactRevision: number;
  cancelReason: string;
  events: WatchEvent[];
}

export function decodeWatchResponse(buf: Buffer): WatchMessage {
  const m: WatchMessage = {
    ...{ revision: 0, created: false, canceled: false, compactRevision: 0, cancelReason: '' },
    events: [],
  };
  readFields(buf, (field, int, bytes) => {
    if (field === 1 && bytes) m.revision = headerRevision(bytes);
    else if (field === 3) m.created = int !== 0;
    else if (field === 4) m.canceled = int !== 0;
    else if (field === 5) m.compactRevision = int;
    else if (field === 6 && bytes) m.cancelReason = bytes.toString();
    else if (field === 11 && bytes) m.events.push(decodeEvent(bytes));
  });
  return m;
}

function decodeEvent(buf: Buffer): WatchEvent {
  let deleted = false;
  let kv: RawKv | undefined;
  readFields(buf, (field, int, bytes) => {
    if (field === 1) deleted = int === 1;
    else if (field === 2 && bytes) kv = decodeKeyValue(bytes);
  });
  if (!kv) throw new Error('watch event without a key');
  return { ...kv, deleted };
}
