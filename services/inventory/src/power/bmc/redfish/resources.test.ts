import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorMessage, readCollection, readServiceRoot, readSystem, readTaskState } from './resources.ts';

describe('Redfish resource readers', () => {
  it('read any JSON without throwing', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        for (const r of [readServiceRoot(v, '/x'), readCollection(v, '/x'), readSystem(v, '/x')])
          expect(typeof r.ok).toBe('boolean');
        readTaskState(v);
        expect(typeof errorMessage(v)).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });

  it('take the message of a DMTF error body', () => {
    const body = {
      error: {
        code: 'Base.1.8.GeneralError',
        message: 'general',
        '@Message.ExtendedInfo': [{ Message: 'ResetType Bogus is not in the list' }],
      },
    };
    expect(errorMessage(body)).toBe('ResetType Bogus is not in the list');
    expect(errorMessage({ error: { message: 'general' } })).toBe('general');
  });

  it('name a collection member without a link', () => {
    expect(readCollection({ Members: [{ '@odata.id': '/a' }, {}] }, '/redfish/v1/Systems')).toEqual({
      ok: false,
      reason: '/redfish/v1/Systems has a member without @odata.id',
    });
  });
});
