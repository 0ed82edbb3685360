import { type Status, SystemServiceDefinition } from '@paddock/proto/system/v1/system.ts';
import { useEffect, useState } from 'react';
import { GrpcCode, GrpcError, serverStream } from '../grpc/index.ts';
import { useCallOptions } from '../session-context.ts';
import { backoffMs, sleep } from './backoff.ts';

export interface StatusStreamState {
  status?: Status | undefined;
  /** True while messages arrive on an open stream. */
  live: boolean;
  /** Why the last stream ended, while reconnecting. */
  error?: string | undefined;
  /** How many times the stream has been re-opened since the page loaded. */
  reconnects: number;
}

const INTERVAL_MS = 1000;
/** A stream silent for this long is treated as dropped (a dead TCP connection may never error). */
const STALL_MS = 4 * INTERVAL_MS;

/** WatchStatus, kept open: on any end or error it says so, waits, and opens a new stream. */
export function useStatusStream(): StatusStreamState {
  const call = useCallOptions();
  const [state, setState] = useState<StatusStreamState>({ live: false, reconnects: 0 });
  useEffect(() => {
    const stop = new AbortController();
    void (async () => {
      for (let attempt = 1; !stop.signal.aborted; attempt++) {
        try {
          await watch(call, stop.signal, (status) => {
            attempt = 0;
            setState((s) => ({ ...s, status, live: true, error: undefined }));
          });
          throw new GrpcError(GrpcCode.UNAVAILABLE, 'the server closed the stream');
        } catch (err) {
          if (stop.signal.aborted) return;
          setState((s) => ({ ...s, live: false, error: String(err), reconnects: s.reconnects + 1 }));
          await sleep(backoffMs(Math.max(1, attempt)), stop.signal);
        }
      }
    })();
    return () => stop.abort();
  }, [call]);
  return state;
}

async function watch(call: ReturnType<typeof useCallOptions>, stop: AbortSignal, onStatus: (s: Status) => void) {
  const attempt = new AbortController();
  const onStop = () => attempt.abort();
  stop.addEventListener('abort', onStop, { once: true });
  let stall = setTimeout(() => attempt.abort(), STALL_MS);
  try {
    const stream = serverStream(
      SystemServiceDefinition,
      'watchStatus',
      { intervalMs: INTERVAL_MS },
      { ...call, signal: attempt.signal },
    );
    for await (const reply of stream) {
      clearTimeout(stall);
      stall = setTimeout(() => attempt.abort(), STALL_MS);
      if (reply.status) onStatus(reply.status);
    }
  } catch (err) {
    if (attempt.signal.aborted && !stop.aborted) throw new GrpcError(GrpcCode.UNAVAILABLE, 'no update for 4 s');
    throw err;
  } finally {
    clearTimeout(stall);
    stop.removeEventListener('abort', onStop);
  }
}
