import { describe, expect, it } from 'vitest';
import { UrlSigner } from './signer.ts';
import { canonicalPath, fileUrl, nodeFileUrl, parseBootPath, scriptUrl } from './urls.ts';

const u = { base: 'http://10.0.0.1:8080', signer: new UrlSigner(new Uint8Array(32).fill(5)), ttlSeconds: 60 };
const MAC = '52:54:00:12:34:56';

describe('boot URLs', () => {
  it('round-trip every resource through its canonical path', () => {
    for (const url of [fileUrl(u, 'debian/vm linuz'), scriptUrl(u, MAC, 7), nodeFileUrl(u, MAC, 'seed.cfg')]) {
      const path = new URL(url).pathname;
      const parsed = parseBootPath(path)!;
      expect(canonicalPath(parsed)).toBe(path);
    }
    expect(parseBootPath('/boot/files/debian/vm%20linuz')).toEqual({ kind: 'file', name: 'debian/vm linuz' });
  });

  it('keep MACs free of colons, and accept them back however a client encodes them', () => {
    expect(new URL(scriptUrl(u, MAC, 0)).pathname).toBe('/boot/script/52-54-00-12-34-56/0');
    // iPXE 1.0.0 sends "/boot/script/52%3A54%3A00%3A12%3A34%3A56/0" for a colon path.
    for (const mac of [
      '52-54-00-12-34-56',
      '52:54:00:12:34:56',
      '52%3A54%3A00%3A12%3A34%3A56',
      '52-54-00-12-34-56'.toUpperCase(),
    ]) {
      expect(parseBootPath(`/boot/script/${mac}/0`)).toEqual({ kind: 'script', mac: MAC, arch: 0 });
    }
  });

  it('parse nothing outside the four resources', () => {
    for (const p of [
      '/',
      '/boot',
      '/boot/files/',
      '/boot/script/nope/0',
      '/boot/node/52-54-00-12-34-56',
      '/boot/files/%E0%A4%A',
    ]) {
      expect(parseBootPath(p), p).toBeUndefined();
    }
  });
});
