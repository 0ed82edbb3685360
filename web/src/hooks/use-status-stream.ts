import { type Status, SystemServiceDefinition } from '@paddock/proto/system/v1/system.ts';
import type { FollowState } from '@paddock/wire';
import { serverStream } from '../grpc/index.ts';
import { useCallOptions } from '../session-context.ts';
import { useWatch } from './use-watch.ts';

export interface StatusStreamState extends FollowState {
  status?: Status | undefined;
}

const INTERVAL_MS = 1000;

/** WatchStatus kept open by useWatch; a status every second, so 4 s of silence is a stall. */
export function useStatusStream(): StatusStreamState {
  const call = useCallOptions();
  const w = useWatch<Status | undefined, { status?: Status | undefined }>(
    () => undefined,
    (_from, signal) =>
      serverStream(SystemServiceDefinition, 'watchStatus', { intervalMs: INTERVAL_MS }, { ...call, signal }),
    (s, m) => m.status ?? s,
    call,
    4 * INTERVAL_MS,
  );
  return { status: w.state, live: w.live, error: w.error, reconnects: w.reconnects };
}
