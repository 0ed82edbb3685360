import { describe, expect, it } from 'vitest';
import { Fifo } from './fifo.ts';

describe('Fifo', () => {
  it('keeps order across compactions and empties', () => {
    const q = new Fifo<number>();
    expect(q.shift()).toBeUndefined();
    for (let i = 0; i < 5000; i++) q.push(i);
    for (let i = 0; i < 3000; i++) expect(q.shift()).toBe(i);
    q.push(5000);
    expect(q.length).toBe(2001);
    expect(q.peek()).toBe(3000);
    const rest: number[] = [];
    for (let v = q.shift(); v !== undefined; v = q.shift()) rest.push(v);
    expect(rest).toEqual(Array.from({ length: 2001 }, (_, i) => 3000 + i));
    q.push(1);
    q.clear();
    expect(q.length).toBe(0);
  });
});
