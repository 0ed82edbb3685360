import { resetReasonToJSON, type WatchEvent, WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { PaddockError } from '@paddock/runtime';
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

export interface WatchWait<M extends { watch?: WatchEvent | undefined }, T> {
  open(fromRevision: bigint, signal: AbortSignal): AsyncIterable<M>;
  /** The revision to start after (0n: from a snapshot). */
  from: bigint;
  /** What the wait is for, from one message; undefined to keep waiting. */
  until(message: M): T | undefined;
  timeoutMs: number;
  /** What did not happen, for the timeout error ("node n1 was not ready"). */
  missed(): string;
}

/**
 * Waits on a Watch stream until `until` finds what it waits for (`paddock wake`, `paddock power
 * --wait`, the demo), with the same reader as the console: a server restart or a silent stream
 * during the wait is a reconnect from the last revision seen, not a failed command. Fails with
 * deadlineExceeded after `timeoutMs`, naming the last connection error if there was one.
 */
export async function waitOnWatch<M extends { watch?: WatchEvent | undefined }, T>(w: WatchWait<M, T>): Promise<T> {
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), w.timeoutMs);
  let found: { value: T } | undefined;
  let error: string | undefined;
  try {
    await followWatch({
      open: w.open,
      start: w.from,
      signal: stop.signal,
      apply: (m) => {
        const value = found ? undefined : w.until(m);
        if (value === undefined) return;
        found = { value };
        stop.abort();
      },
      onState: (s) => {
        error = s.error;
        if (!s.live) process.stderr.write(`-- reconnecting (${s.error})\n`);
      },
    });
  } finally {
    clearTimeout(timer);
    stop.abort();
  }
  if (found) return found.value;
  const why = error ? ` (last error: ${error})` : '';
  throw new PaddockError('deadlineExceeded', `${w.missed()} within ${w.timeoutMs / 1000} s${why}`);
}
