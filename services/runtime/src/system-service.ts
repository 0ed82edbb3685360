import { setTimeout as sleep } from 'node:timers/promises';
import {
  type ServiceInfo,
  ServingStatus,
  SystemServiceDefinition,
  type WatchStatusResponse,
} from '@paddock/proto/system/v1/system.ts';
import { service } from './rpc.ts';

export interface SystemState {
  info: () => ServiceInfo;
  /** Health by component; the server is SERVING when every component is. */
  components: () => Record<string, boolean>;
  startedAt: number;
  /** Resolves when something changed that the status stream should show at once. */
  changed: () => Promise<void>;
}

/** paddock.system.v1.SystemService: what this server is, and a live health stream for the console. */
export function systemService(state: SystemState) {
  const status = (sequence: bigint): WatchStatusResponse => {
    const components = state.components();
    const all = Object.values(components).every(Boolean);
    const now = Date.now();
    return {
      status: {
        serving: all ? ServingStatus.SERVING_STATUS_SERVING : ServingStatus.SERVING_STATUS_NOT_SERVING,
        uptimeMs: BigInt(now - state.startedAt),
        sequence,
        components: Object.fromEntries(
          Object.entries(components).map(([k, ok]) => [
            k,
            ok ? ServingStatus.SERVING_STATUS_SERVING : ServingStatus.SERVING_STATUS_NOT_SERVING,
          ]),
        ),
        nowUnixMs: BigInt(now),
      },
    };
  };

  return service(SystemServiceDefinition, {
    getInfo: () => ({ info: state.info() }),
    async *watchStatus(request, ctx) {
      const interval = Math.min(60_000, Math.max(100, request.intervalMs || 1000));
      for (let seq = 1n; !ctx.signal.aborted; seq++) {
        yield status(seq);
        await Promise.race([sleep(interval, undefined, { signal: ctx.signal }).catch(() => {}), state.changed()]);
      }
    },
  });
}
