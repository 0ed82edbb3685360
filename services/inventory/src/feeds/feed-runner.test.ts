import { WatchEventKind as K, type WatchEvent } from '@paddock/proto/watch/v1/watch.ts';
import { describe, expect, it } from 'vitest';
import { createInput, testInventory } from '../core/test-inventory.ts';
import type { FeedSource } from './feed.ts';
import { runFeed } from './feed-runner.ts';

const MAC = '52:54:00:00:00:0a';

type Step = 'network-boot' | 'phone-home' | 'other';
type Msg = { watch: WatchEvent; step?: Step; at?: number };

/**
 * A boot-event log like the boot service's, speaking the Watch envelope: numbered events, a
 * watch from a revision that replays what is after it (then SYNCED), and a way to drop the
 * connection after N events (a restart).
 */
class FakeLog {
  events: { revision: bigint; step: Step; at: number }[] = [];
  opens: bigint[] = [];
  dropAfter = Number.POSITIVE_INFINITY;

  source(): FeedSource<Msg> {
    return {
      name: 'boot',
      open: (from, signal) => this.#open(from, signal),
      observe: (m) =>
        m.step && {
          kind: 'boot',
          mac: MAC,
          at: m.at ?? 0,
          ip: '',
          step: m.step,
          what: `event ${m.watch.revision}`,
          architecture: '',
        },
    };
  }

  async *#open(from: bigint, signal: AbortSignal): AsyncGenerator<Msg> {
    this.opens.push(from);
    let sent = 0;
    let synced = false;
    for (let i = 0; !signal.aborted; ) {
      const e = this.events.find((x) => x.revision > from && this.events.indexOf(x) >= i);
      if (!e) {
        if (!synced) yield { watch: { kind: K.WATCH_EVENT_KIND_SYNCED, revision: from, resetReason: 0 } };
        synced = true;
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      i = this.events.indexOf(e) + 1;
      from = e.revision;
      if (sent++ >= this.dropAfter) throw new Error('connection reset');
      yield { watch: { kind: K.WATCH_EVENT_KIND_CHANGE, revision: e.revision, resetReason: 0 }, ...e };
    }
  }
}

describe('following a feed', () => {
  it('resumes from its stored cursor after the connection drops, with no event lost or repeated', async () => {
    const { inv } = testInventory();
    await inv.create(createInput({ name: 'a', macs: [MAC] }));
    const log = new FakeLog();
    // Alternating network-boot and phone-home events: every one moves the lifecycle, so a
    // lost or repeated event shows in the history.
    for (let r = 1; r <= 6; r++)
      log.events.push({ revision: BigInt(r), step: r % 2 ? 'network-boot' : 'phone-home', at: 2000 + r });
    log.dropAfter = 2;
    const stop = new AbortController();
    const statuses: boolean[] = [];
    const running = runFeed(inv, log.source(), stop.signal, (s) => statuses.push(s.connected));
    while (inv.store.cursor('boot') < 6n) await new Promise((r) => setTimeout(r, 10));
    stop.abort();
    await running;
    expect(log.opens).toEqual([0n, 2n, 4n]);
    expect(inv.get('a').lifecycle.history.map((h) => `${h.state}:${h.reason}`)).toEqual([
      'discovered:created through the API',
      'booting:event 1',
      'ready:event 2',
      'booting:event 3',
      'ready:event 4',
      'booting:event 5',
      'ready:event 6',
    ]);
    expect(statuses).toContain(false);
  });

  it('starts where a previous run stopped (the inventory restarted)', async () => {
    const { inv } = testInventory();
    await inv.create(createInput({ name: 'a', macs: [MAC] }));
    inv.commit({ writes: [], cursor: { feed: 'boot', revision: 5n } });
    const log = new FakeLog();
    for (let r = 1; r <= 6; r++) log.events.push({ revision: BigInt(r), step: 'network-boot', at: 2000 + r });
    const stop = new AbortController();
    const running = runFeed(inv, log.source(), stop.signal);
    while (inv.store.cursor('boot') < 6n) await new Promise((r) => setTimeout(r, 10));
    stop.abort();
    await running;
    expect(log.opens).toEqual([5n]);
    expect(inv.get('a').lifecycle.history.map((h) => h.reason)).toEqual(['created through the API', 'event 6']);
  });
});
