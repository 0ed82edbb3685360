import type { MessagePort } from 'node:worker_threads';
import type { Etcd3 } from 'etcd3';

/**
 * Runs in the etcd client's thread: tells `out` ('changed') whenever `key` is written or
 * deleted. etcd3 resumes a watch after a lost connection from the last revision it saw, and
 * when etcd has compacted that revision its answer makes etcd3 1.1.2 throw from its stream
 * handler ("Failed to find watcher"), which would end this thread. So a watch is never
 * resumed: at a lost connection (or a cancel from etcd) it is dropped, a new one starts from
 * the present, and 'changed' makes the owner read everything again. 'changed' is sent once
 * each watch is in place, so a change made before it started is never missed (a spare reload
 * at worst).
 */
export async function watchKey(client: Etcd3, key: string, out: MessagePort, isClosed: () => boolean): Promise<void> {
  for (let delay = 200; !isClosed(); delay = Math.min(delay * 2, 5_000)) {
    try {
      const w = await client.watch().key(key).create();
      let dropped = false;
      const again = () => {
        if (dropped) return;
        dropped = true;
        void w.cancel().catch(() => {});
        if (!isClosed()) setTimeout(() => void watchKey(client, key, out, isClosed), 200);
      };
      w.on('data', (res) => {
        if (res.events.length > 0) out.postMessage('changed');
      });
      w.on('disconnected', again);
      w.on('error', again);
      out.postMessage('changed');
      return;
    } catch {
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
