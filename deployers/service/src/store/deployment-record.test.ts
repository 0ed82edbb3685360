import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord } from './deployment-record.ts';
import { testRecord } from './store-contract.ts';

describe('a stored deployment record', () => {
  it('reads back what was written', () => {
    const r = { ...testRecord('d1'), tails: { a: ['x'] }, revision: 12345678901234567890n };
    expect(decodeRecord(encodeRecord(r))).toEqual(r);
  });

  it('names what is wrong with a damaged value instead of reading part of it', () => {
    expect(decodeRecord('{')).toMatchObject({ error: expect.stringMatching(/^not JSON/) });
    const text = encodeRecord(testRecord('d1'));
    expect(decodeRecord(text.replace('"running"', '"sleeping"'))).toMatchObject({
      error: expect.stringMatching(/state/),
    });
    expect(decodeRecord(text.replace('"limit":3', '"limit":-1'))).toMatchObject({ error: /^options: limit/ });
  });

  it('never throws on any text, and never yields a record without an id', () => {
    const text = encodeRecord(testRecord('d1'));
    fc.assert(
      fc.property(fc.nat(text.length), fc.string(), (at, junk) => {
        const r = decodeRecord(text.slice(0, at) + junk + text.slice(at + junk.length));
        if (!('error' in r)) expect(r.view.id).not.toBe('');
      }),
    );
  });
});
