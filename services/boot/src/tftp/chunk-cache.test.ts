import { mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChunkCache } from './chunk-cache.ts';

const data = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 13) & 0xff);
const dir = mkdtempSync(join(tmpdir(), 'paddock-chunks-'));
writeFileSync(join(dir, 'f'), data);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bytesAt = (c: ChunkCache, offset: number, length: number) => {
  const at = c.locate(offset, length);
  return Array.from(at.block.bytes.subarray(at.at, at.at + length));
};

describe('ChunkCache', () => {
  it('holds whole blocks, at least a window, and serves a window across two chunks', () => {
    const c = new ChunkCache({ size: data.length, bytes: data }, 512, 4, 1000);
    expect(c.chunkLength).toBe(2048);
    expect(bytesAt(c, 1536, 512)).toEqual(Array.from(data.subarray(1536, 2048)));
    expect(bytesAt(c, 2048, 512)).toEqual(Array.from(data.subarray(2048, 2560)));
    // Both chunks of the window stay resident: no read for either again.
    expect(bytesAt(c, 1536, 512)).toEqual(Array.from(data.subarray(1536, 2048)));
    expect(c.reads).toBe(2);
    c.free();
  });

  it('reads a file through its descriptor, with a short last block and an empty one', () => {
    const fd = openSync(join(dir, 'f'), 'r');
    const c = new ChunkCache({ size: data.length, fd }, 512, 1, 4096);
    expect(bytesAt(c, 0, 512)).toEqual(Array.from(data.subarray(0, 512)));
    expect(bytesAt(c, 9728, 272)).toEqual(Array.from(data.subarray(9728)));
    expect(c.locate(10_000, 0)).toBeDefined();
    expect(c.reads).toBe(2);
    c.free();
  });

  it('throws when the file is shorter than announced or cannot be read', () => {
    const short = new ChunkCache({ size: 20_000, bytes: data }, 512, 1, 4096);
    expect(() => short.locate(12_288, 512)).toThrow(/shorter than announced/);
    short.free();
    const bad = new ChunkCache({ size: 1000, fd: 987_654 }, 512, 1);
    expect(() => bad.locate(0, 512)).toThrow(/EBADF/);
    bad.free();
  });
});
