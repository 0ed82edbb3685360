/** Delay before reconnect attempt n (1-based): 0.5 s, 1 s, 2 s, … capped, so a restart is seen fast. */
export function backoffMs(attempt: number, capMs = 10_000): number {
  return Math.min(capMs, 500 * 2 ** Math.max(0, attempt - 1));
}

/** Resolves after ms, or at once when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
