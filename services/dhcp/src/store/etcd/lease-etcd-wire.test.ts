import fc from 'fast-check';
import { expect, it } from 'vitest';
import { arbitraryLease } from '../lease-store-contract.ts';
import { claimBatch, claimsOf, decodeLease, encodeLease, leaseKey } from './lease-etcd-wire.ts';

it('a claim batch crosses to the thread and comes out as exactly the values encodeLease makes, each decoding back', () => {
  fc.assert(
    fc.property(fc.array(arbitraryLease, { maxLength: 20 }), fc.string(), (rows, writer) => {
      const claims = claimsOf(
        claimBatch(rows, (a) => String(a % 7)),
        '/p/',
        writer,
      );
      expect(claims.map((c) => c.value)).toEqual(rows.map((l) => encodeLease(l, writer)));
      expect(claims.map((c) => c.key)).toEqual(rows.map((l) => leaseKey('/p/', l.address)));
      expect(claims.map((c) => c.basis)).toEqual(rows.map((l) => String(l.address % 7)));
      for (const [i, c] of claims.entries()) expect(decodeLease(c.key, c.value)).toEqual({ lease: rows[i], writer });
    }),
  );
});
