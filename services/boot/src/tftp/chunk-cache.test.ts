import { describe, expect, it } from 'vitest';
import { ChunkCache } from './chunk-cache.ts';
import type { SourceFile } from './file-source.ts';

const data = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 13) & 0xff);
function file(): SourceFile & { reads: number } {
  const f = {
    size: data.length,
    reads: 0,
    read: async (o: number, l: number) => {
      f.reads++;
      return data.slice(o, o + l);
    },
    close: async () => {},
  };
  return f;
}
const bytesAt = (c: ChunkCache, offset: number, length: number) => {
  const at = c.locate(offset, length);
  return at && Array.from(at.block.bytes.subarray(at.at, at.at + length));
};

describe('ChunkCache', () => {
  it('holds whole blocks, at least a window, and serves a window across two chunks', async () => {
    const c = new ChunkCache(file(), 512, 4, 1000);
    expect(c.chunkLength).toBe(2048);
    expect(c.locate(1536, 512)).toBeUndefined();
    await c.load(1536, 2560);
    expect(bytesAt(c, 1536, 512)).toEqual(Array.from(data.subarray(1536, 2048)));
    expect(bytesAt(c, 2048, 512)).toEqual(Array.from(data.subarray(2048, 2560)));
    c.free();
  });

  it('reads ahead one chunk and gives a short last block and an empty one', async () => {
    const f = file();
    const c = new ChunkCache(f, 512, 1, 4096);
    await c.load(0, 512);
    c.prefetch(0);
    await c.load(4096, 4608);
    expect(f.reads).toBe(2);
    await c.load(9728, 10_000);
    expect(bytesAt(c, 9728, 272)).toEqual(Array.from(data.subarray(9728)));
    expect(c.locate(10_000, 0)).toBeDefined();
    c.free();
  });

  it('rejects when the read fails', async () => {
    const c = new ChunkCache({ ...file(), read: () => Promise.reject(new Error('EIO')) }, 512, 1);
    await expect(c.load(0, 512)).rejects.toThrow('EIO');
    c.free();
  });
});
