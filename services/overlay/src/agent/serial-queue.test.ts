import { describe, expect, it } from 'vitest';
import { SerialQueue } from './serial-queue.ts';

describe('SerialQueue', () => {
  it('runs one job at a time in order, on past a failed one, and counts those waiting', async () => {
    const q = new SerialQueue();
    const seen: string[] = [];
    let waitingDuringFirst = -1;
    const job =
      (name: string, fail = false) =>
      async () => {
        seen.push(`start ${name}`);
        if (name === 'a') waitingDuringFirst = q.waiting;
        await new Promise((r) => setTimeout(r, 5));
        seen.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const a = q.run(job('a'));
    const b = q.run(job('b', true));
    const c = q.run(job('c'));
    await expect(a).resolves.toBe('a');
    await expect(b).rejects.toThrow('b');
    await expect(c).resolves.toBe('c');
    await q.idle();
    expect(seen).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(waitingDuringFirst).toBe(2);
    expect(q.waiting).toBe(0);
  });
});
