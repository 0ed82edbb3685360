import { type WatchEvent, WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { describe, expect, it } from 'vitest';
import { waitOnWatch } from './follow.ts';

interface Msg {
  watch?: WatchEvent | undefined;
  state?: string;
}
const change = (revision: bigint, state: string): Msg => ({
  watch: { kind: WatchEventKind.WATCH_EVENT_KIND_CHANGE, revision, resetReason: 0 },
  state,
});

describe('waiting on a Watch stream', () => {
  it('rides out a dropped stream, resuming after the last revision seen', async () => {
    const opened: bigint[] = [];
    const seen: string[] = [];
    const open = async function* (from: bigint): AsyncGenerator<Msg> {
      opened.push(from);
      if (opened.length === 1) {
        yield change(5n, 'booting');
        throw Object.assign(new Error('14 UNAVAILABLE'), { details: 'connection reset' });
      }
      yield change(6n, 'ready');
    };
    const state = await waitOnWatch({
      open,
      from: 4n,
      until: (m) => {
        seen.push(m.state ?? '');
        return m.state === 'ready' ? m.state : undefined;
      },
      timeoutMs: 5_000,
      missed: () => 'never ready',
    });
    expect(state).toBe('ready');
    expect(opened).toEqual([4n, 5n]);
    expect(seen).toEqual(['booting', 'ready']);
  });

  it('fails after the timeout, naming what did not happen and the last connection error', async () => {
    const open = async function* (): AsyncGenerator<Msg> {
      yield* [];
      throw Object.assign(new Error('14 UNAVAILABLE'), { details: 'No connection established' });
    };
    const started = Date.now();
    await expect(
      waitOnWatch({ open, from: 0n, until: () => undefined, timeoutMs: 800, missed: () => 'node n1 was not ready' }),
    ).rejects.toMatchObject({
      kind: 'deadlineExceeded',
      message: 'node n1 was not ready within 0.8 s (last error: No connection established)',
    });
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
