import { type FollowState, followWatch, STALL_MS } from '@paddock/wire';
import { useEffect, useState } from 'react';

export interface WatchState<S> extends FollowState {
  state: S;
}

/**
 * A stream kept open, the console's one reconnect loop (the Watch reader the CLI and the
 * inventory use too): after a drop, an error, or a stall (no message, not even a PROGRESS, for
 * `stallMs`) it shows "Reconnecting…", waits and reopens from the last revision applied, so
 * the state carries on where it was. `open` starts the stream; `apply` folds in each message.
 */
export function useWatch<S, M extends object>(
  initial: () => S,
  open: (fromRevision: bigint, signal: AbortSignal) => AsyncIterable<M>,
  apply: (s: S, m: M) => S,
  /** The stream reopens when this changes (the session's call options). */
  key: unknown,
  stallMs = STALL_MS,
): WatchState<S> {
  const [w, setW] = useState<WatchState<S>>(() => ({ state: initial(), live: false, reconnects: 0 }));
  // biome-ignore lint/correctness/useExhaustiveDependencies: open and apply are fresh each render; only the key reopens the stream
  useEffect(() => {
    const stop = new AbortController();
    void followWatch({
      open,
      signal: stop.signal,
      stallMs,
      apply: (m) => setW((prev) => ({ ...prev, state: apply(prev.state, m) })),
      onState: (s) => setW((prev) => ({ ...prev, ...s })),
    });
    return () => stop.abort();
  }, [key]);
  return w;
}
