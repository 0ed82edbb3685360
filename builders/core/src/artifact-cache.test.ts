import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ArtifactCache, buildKey } from './artifact-cache.ts';

const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'artifacts-'));
  dirs.push(d);
  return new ArtifactCache(d);
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('artifact cache', () => {
  it('keys builds by everything they depend on, in any key order', () => {
    const a = buildKey({ recipe: 'node-image', params: { x: 1, y: [2] }, inputs: ['busybox=1'] });
    expect(buildKey({ inputs: ['busybox=1'], params: { y: [2], x: 1 }, recipe: 'node-image' })).toBe(a);
    expect(buildKey({ recipe: 'node-image', params: { x: 1, y: [2] }, inputs: ['busybox=2'] })).not.toBe(a);
  });

  it('serves what was stored, with its hashes', () => {
    const cache = fresh();
    const key = buildKey({ n: 1 });
    expect(cache.get(key)).toBeUndefined();
    cache.put(key, { 'initrd.img': Buffer.from('abc'), vmlinuz: Buffer.from('kernel') }, { took: 1 });
    const hit = cache.get(key)!;
    expect(hit.files.map((f) => [f.name, f.size])).toEqual([
      ['initrd.img', 3],
      ['vmlinuz', 6],
    ]);
    expect(hit.files[0]!.sha256).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hit.meta).toEqual({ took: 1 });
  });

  it('never serves a damaged entry or blob', () => {
    const cache = fresh();
    const key = buildKey({ n: 2 });
    const entry = cache.put(key, { a: Buffer.from('good bytes') }, {});
    writeFileSync(entry.files[0]!.path, 'bad bytes!');
    expect(cache.get(key)).toBeUndefined();
    const key2 = buildKey({ n: 3 });
    cache.put(key2, { a: Buffer.from('x') }, {});
    writeFileSync(join(cache.dir, 'entries', `${key2}.json`), '{"key": ');
    expect(cache.get(key2)).toBeUndefined();
    expect(cache.get('../../etc/passwd')).toBeUndefined();
  });
});
