import { createContext, useContext } from 'react';
import type { CallOptions } from './grpc/index.ts';

/** What every call from inside the console needs: the token, and where to go when it is refused. */
export const SessionContext = createContext<CallOptions>({});

export function useCallOptions(): CallOptions {
  return useContext(SessionContext);
}
