/**
 * How long a holder may act as one. etcd starts a lease's TTL again when its leader receives a
 * keepalive, which is after the client sent it: counting from the moment of sending gives an
 * end no later than etcd's own. The margin leaves time for a fenced write in flight, and for
 * timers that fire late on a busy machine. Pure.
 */
export function holdsUntil(sentAt: number, ttlMs: number): number {
  return sentAt + ttlMs - marginMs(ttlMs);
}

/** A tenth of the TTL, at least 300 ms, never more than half of it. */
export function marginMs(ttlMs: number): number {
  return Math.min(ttlMs / 2, Math.max(300, ttlMs / 10));
}

/** Keepalives three times per TTL (as etcd's own Go client does): two may be lost without a step-down. */
export function keepaliveEveryMs(ttlMs: number): number {
  return ttlMs / 3;
}
