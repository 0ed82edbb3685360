import { describe, expect, it } from 'vitest';
import { Inbox } from './inbox.ts';

describe('Inbox', () => {
  it('delivers in order to a waiting and a later reader', async () => {
    const q = new Inbox<number>(4);
    const first = q.next();
    q.push(1);
    q.push(2);
    expect(await first).toEqual({ value: 1, done: false });
    expect(await q.next()).toEqual({ value: 2, done: false });
  });

  it('drops and counts items past its limit instead of growing', async () => {
    const q = new Inbox<number>(2);
    expect([q.push(1), q.push(2), q.push(3), q.push(4)]).toEqual([true, true, false, false]);
    expect(q.dropped).toBe(2);
    expect(q.size).toBe(2);
    expect((await q.next()).value).toBe(1);
    expect(q.push(5)).toBe(true);
  });

  it('ends a pending read on close and runs the return hook once', async () => {
    let returned = 0;
    const q = new Inbox<number>(1, () => returned++);
    const pending = q.next();
    q.close();
    q.close();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(returned).toBe(1);
    expect(q.push(1)).toBe(false);
  });

  it('stops a for-await loop on break', async () => {
    let returned = 0;
    const q = new Inbox<number>(8, () => returned++);
    q.push(1);
    q.push(2);
    for await (const n of q) if (n === 1) break;
    expect(returned).toBe(1);
  });

  it('rejects a zero limit', () => {
    expect(() => new Inbox(0)).toThrow(/at least 1/);
  });
});
