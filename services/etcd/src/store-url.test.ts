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
  expect(parseStoreUrl('postgres://x')).toMatchObject({
    error: expect.stringMatching(/say sqlite, etcd:\/\/.* or etcds:\/\//),
  });
  expect(parseStoreUrl('etcd://a:1,b')).toEqual({ error: 'etcd endpoint "b" is not host:port' });
  expect(parseStoreUrl('etcd://')).toMatchObject({ error: expect.any(String) });
});

it('reads etcds:// with a CA and an optional client certificate, and refuses half of one', () => {
  expect(parseStoreUrl('etcds://a:1/p?ca=/c/ca.pem&cert=/c/me.pem&key=/c/me.key')).toEqual({
    kind: 'etcd',
    endpoints: ['a:1'],
    prefix: '/p/',
    tls: { ca: '/c/ca.pem', cert: '/c/me.pem', key: '/c/me.key' },
  });
  expect(parseStoreUrl('etcds://a:1?ca=/c/ca.pem')).toEqual({
    kind: 'etcd',
    endpoints: ['a:1'],
    tls: { ca: '/c/ca.pem' },
  });
  expect(parseStoreUrl('etcds://a:1')).toMatchObject({ error: expect.stringMatching(/needs \?ca=FILE/) });
  expect(parseStoreUrl('etcds://a:1?ca=x&cert=y')).toMatchObject({
    error: expect.stringMatching(/both cert=FILE and key=FILE/),
  });
  expect(parseStoreUrl('etcd://a:1?ca=x')).toMatchObject({ error: expect.stringMatching(/need etcds:\/\//) });
  expect(parseStoreUrl('etcds://a:1?ca=x&pass=y')).toMatchObject({ error: expect.stringMatching(/unknown .* "pass"/) });
});
