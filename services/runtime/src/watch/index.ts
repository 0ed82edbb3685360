export { WATCH_KEEPALIVE } from './keepalive.ts';
export { RevisionLog, type RevisionLogOptions } from './revision-log.ts';
export type { Revisioned, WatchSource } from './source.ts';
export { fromRevisionOf, PROGRESS_MS, type WatchItem, type WatchOptions, watch } from './watch.ts';
