/**
 * Keeps a cache in step with etcd: `reload` runs whenever `watch` tells of a change (and once
 * when the watch is in place, or again after a gap it could not resume across). A reload that
 * throws (etcd out of reach for a moment) is tried again each second until it goes through:
 * the watch has told of that change already and will not tell again. `close()` ends the
 * retries; the watch itself ends with its client.
 */
export function followChanges(
  watch: (onChange: () => void) => void,
  reload: () => void,
  onError: (err: Error) => void,
): { close(): void } {
  let retry: NodeJS.Timeout | undefined;
  let closed = false;
  const run = () => {
    clearTimeout(retry);
    if (closed) return;
    try {
      reload();
    } catch (err) {
      onError(err as Error);
      retry = setTimeout(run, 1_000).unref();
    }
  };
  watch(run);
  return {
    close() {
      closed = true;
      clearTimeout(retry);
    },
  };
}
