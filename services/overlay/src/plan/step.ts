/** One idempotent command of a plan; the agent runs argv as is (no shell). */
export interface Step {
  what: string;
  argv: string[];
  /** A long-lived process the step starts (wireguard-go), rather than a command run to completion. */
  daemon?: boolean;
  /** Run no sooner than this long after the step before it (a pause in which the run may be stopped). */
  delayMs?: number;
}

export const BROADCAST_MAC = '00:00:00:00:00:00';

export const step = (what: string, ...argv: string[]): Step => ({ what, argv });
