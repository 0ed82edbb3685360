import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { BmcQueue } from './bmc-queue.ts';

describe('BmcQueue', () => {
  it('runs calls to one BMC one after another and others at once', async () => {
    const q = new BmcQueue();
    const log: string[] = [];
    const job = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await sleep(ms);
      log.push(`end ${name}`);
    };
    await Promise.all([
      q.run('a', 1000, job('a1', 40)),
      q.run('a', 1000, job('a2', 10)),
      q.run('b', 1000, job('b1', 10)),
    ]);
    expect(log).toEqual(['start a1', 'start b1', 'end b1', 'end a1', 'start a2', 'end a2']);
    expect(q.isBusy('a')).toBe(false);
  });

  it('gives up waiting behind a slow call with a clear error, and still runs after a failure', async () => {
    const q = new BmcQueue();
    const slow = q.run('10.0.0.5', 1000, () => sleep(200));
    await expect(q.run('10.0.0.5', 50, async () => 'x')).rejects.toThrow(
      'BMC 10.0.0.5: busy with an earlier call for over 0 s; try again',
    );
    expect(q.isBusy('10.0.0.5')).toBe(true);
    await slow;
    await expect(q.run('10.0.0.5', 50, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await q.run('10.0.0.5', 50, async () => 'ok')).toBe('ok');
  });
});
