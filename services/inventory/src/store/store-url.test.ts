import { expect, it } from 'vitest';
import { parseStoreUrl } from './store-url.ts';

it('reads sqlite and etcd URLs with one or several endpoints and a prefix', () => {
  expect(parseStoreUrl('sqlite')).toEqual({ kind: 'sqlite' });
  expect(parseStoreUrl('etcd://127.0.0.1:2379')).toEqual({ kind: 'etcd', endpoints: ['127.0.0.1:2379'] });
  expect(parseStoreUrl('etcd://a:1,b.example:2,[::1]:3/sites/north/')).toEqual({
    kind: 'etcd',
    endpoints: ['a:1', 'b.example:2', '[::1]:3'],
    prefix: '/sites/north/',
  });
});

it('says what is wrong with anything else', () => {
  expect(parseStoreUrl('postgres://x')).toMatchObject({ error: expect.stringMatching(/say sqlite or etcd:\/\//) });
  expect(parseStoreUrl('etcd://a:1,b')).toEqual({ error: 'etcd endpoint "b" is not host:port' });
  expect(parseStoreUrl('etcd://')).toMatchObject({ error: expect.any(String) });
});
