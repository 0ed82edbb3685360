import { useEffect, useRef, useState } from 'react';
import { GrpcCode, GrpcError } from '../grpc/index.ts';
import { backoffMs, sleep } from '../hooks/backoff.ts';

export interface WatchState<S> {
  state: S;
  live: boolean;
  error?: string | undefined;
  reconnects: number;
}

/**
 * A Watch… stream kept open: after a drop it waits and reopens from the last revision applied,
 * so the state carries on where it was. `open` starts the stream; `apply` folds in each message.
 */
export function useWatch<S extends { revision: bigint }, M>(
  initial: () => S,
  open: (fromRevision: bigint, signal: AbortSignal) => AsyncIterable<M>,
  apply: (s: S, m: M) => S,
  /** The stream reopens when this changes (the session's call options). */
  key: unknown,
): WatchState<S> {
  const [w, setW] = useState<WatchState<S>>(() => ({ state: initial(), live: false, reconnects: 0 }));
  const revision = useRef(0n);
  // biome-ignore lint/correctness/useExhaustiveDependencies: open and apply are fresh each render; only the key reopens the stream
  useEffect(() => {
    const stop = new AbortController();
    void (async () => {
      for (let attempt = 1; !stop.signal.aborted; attempt++) {
        try {
          for await (const m of open(revision.current, stop.signal)) {
            attempt = 0;
            setW((prev) => {
              const state = apply(prev.state, m);
              revision.current = state.revision;
              return { ...prev, state, live: true, error: undefined };
            });
          }
          throw new GrpcError(GrpcCode.UNAVAILABLE, 'the server closed the stream');
        } catch (err) {
          if (stop.signal.aborted) return;
          setW((prev) => ({ ...prev, live: false, error: String(err), reconnects: prev.reconnects + 1 }));
          await sleep(backoffMs(Math.max(1, attempt)), stop.signal);
        }
      }
    })();
    return () => stop.abort();
  }, [key]);
  return w;
}
