import { InventoryServiceDefinition } from '@paddock/proto/inventory/v1/inventory.ts';
import { useEffect, useRef, useState } from 'react';
import { GrpcCode, GrpcError, serverStream } from '../grpc/index.ts';
import { backoffMs, sleep } from '../hooks/backoff.ts';
import { useCallOptions } from '../session-context.ts';
import { applyNodeEvent, EMPTY, type NodesState } from './nodes-state.ts';

export interface NodesStream extends NodesState {
  live: boolean;
  error?: string | undefined;
  reconnects: number;
}

/**
 * WatchNodes kept open. After a drop it waits and reopens from the last revision applied, so
 * the list carries on where it was (the server replays what happened meanwhile).
 */
export function useNodesStream(): NodesStream {
  const call = useCallOptions();
  const [state, setState] = useState<NodesStream>({ ...EMPTY, live: false, reconnects: 0 });
  const revision = useRef(0n);
  useEffect(() => {
    const stop = new AbortController();
    void (async () => {
      for (let attempt = 1; !stop.signal.aborted; attempt++) {
        try {
          const stream = serverStream(
            InventoryServiceDefinition,
            'watchNodes',
            { fromRevision: revision.current },
            { ...call, signal: stop.signal },
          );
          for await (const e of stream) {
            attempt = 0;
            setState((s) => {
              const next = applyNodeEvent(s, e);
              revision.current = next.revision;
              return { ...s, ...next, live: true, error: undefined };
            });
          }
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
