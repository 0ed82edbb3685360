import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { readBody } from './read-body.ts';

function body(chunks: string[], end = true) {
  const s = new PassThrough();
  for (const c of chunks) s.write(c);
  if (end) s.end();
  return s as unknown as IncomingMessage & PassThrough;
}

describe('readBody', () => {
  it('hands over the whole body once it ends', async () => {
    const got: (Buffer | string)[] = [];
    readBody(body(['ab', 'cd']), 4, (b) => got.push(b));
    await tick();
    expect(got.map(String)).toEqual(['abcd']);
  });

  it("says 'too-large' once, as soon as the limit is passed", async () => {
    const got: (Buffer | string)[] = [];
    readBody(body(['abc', 'de', 'f']), 4, (b) => got.push(b));
    await tick();
    expect(got).toEqual(['too-large']);
  });

  it('never answers a client that went away mid-body', async () => {
    const got: unknown[] = [];
    const req = body(['ab'], false);
    readBody(req, 4, (b) => got.push(b));
    req.destroy(new Error('socket hang up'));
    await tick();
    expect(got).toEqual([]);
  });
});
