import type { Remote, Target } from './types.ts';

/** How the engine reaches hosts: SSH in production (ssh/), fakes in unit tests. */
export interface Transport {
  /** A shell on the host; connects on first use. `log` receives each command and its output. */
  remote(target: Target, log: (line: string) => void): Remote;
  /** Closes every connection. */
  close(): Promise<void>;
}

export const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));
