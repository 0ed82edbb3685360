import { resetReasonToJSON, type WatchEvent, WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { followWatch } from '@paddock/wire';

export interface WatchVerb<M extends { watch?: WatchEvent | undefined }> {
  open(fromRevision: bigint, signal: AbortSignal): AsyncIterable<M>;
  /** Prints one SNAPSHOT or CHANGE message. */
  print(message: M): void;
  /** The revision to start after; 0n starts with every item. */
  from: bigint;
  /** Keep going (across reconnects) until Ctrl-C; otherwise stop once synced. */
  follow: boolean;
  /** Print "-- synced" and "-- starting over" lines (not with --json, nor for a plain history). */
  markers: boolean;
}

/**
 * Runs a verb that reads a Watch stream (`paddock dhcp leases watch`, `paddock boot events
 * --follow`, ...). Without follow it prints the state and stops at SYNCED, and an error ends the
 * command. With follow it uses the same reader as the console and the inventory: a dropped or
 * silent stream is reopened from the last revision printed, so nothing is printed twice or
 * skipped; reconnects are told on stderr.
 */
export async function runWatchVerb<M extends { watch?: WatchEvent | undefined }>(v: WatchVerb<M>): Promise<void> {
  const stop = new AbortController();
  const onInt = () => stop.abort();
  process.once('SIGINT', onInt);
  const marker = (e: WatchEvent) => {
    if (!v.markers) return;
    if (e.kind === WatchEventKind.WATCH_EVENT_KIND_SYNCED)
      process.stdout.write(`-- synced at revision ${e.revision}\n`);
    if (e.kind === WatchEventKind.WATCH_EVENT_KIND_RESET && e.revision > 0n && v.from > 0n)
      process.stdout.write(`-- starting over at revision ${e.revision} (${resetReasonToJSON(e.resetReason)})\n`);
  };
  const show = (m: M) => {
    const kind = m.watch?.kind;
    if (kind === WatchEventKind.WATCH_EVENT_KIND_SNAPSHOT || kind === WatchEventKind.WATCH_EVENT_KIND_CHANGE)
      v.print(m);
    else if (m.watch) marker(m.watch);
  };
  try {
    if (!v.follow) {
      for await (const m of v.open(v.from, stop.signal)) {
        show(m);
        if (m.watch?.kind === WatchEventKind.WATCH_EVENT_KIND_SYNCED) break;
      }
      return;
    }
    await followWatch({
      open: v.open,
      start: v.from,
      signal: stop.signal,
      apply: show,
      onState: (s) => {
        if (!s.live) process.stderr.write(`-- reconnecting (${s.error})\n`);
      },
    });
  } finally {
    process.off('SIGINT', onInt);
    stop.abort();
  }
}
