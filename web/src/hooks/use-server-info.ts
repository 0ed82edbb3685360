import { type ServiceInfo, SystemServiceDefinition } from '@paddock/proto/system/v1/system.ts';
import { useEffect, useState } from 'react';
import { unary } from '../grpc/index.ts';
import { useCallOptions } from '../session-context.ts';

export type ServerInfoState =
  | { kind: 'loading' }
  | { kind: 'ready'; info: ServiceInfo }
  | { kind: 'failed'; error: string };

/** GetInfo once per session: what this server is and which services it offers. */
export function useServerInfo(): ServerInfoState {
  const call = useCallOptions();
  const [state, setState] = useState<ServerInfoState>({ kind: 'loading' });
  useEffect(() => {
    const abort = new AbortController();
    unary(SystemServiceDefinition, 'getInfo', {}, { ...call, signal: abort.signal }).then(
      (reply) => reply.info && setState({ kind: 'ready', info: reply.info }),
      (err: unknown) => abort.signal.aborted || setState({ kind: 'failed', error: String(err) }),
    );
    return () => abort.abort();
  }, [call]);
  return state;
}
