import { describe, expect, it } from 'vitest';
import { checkLabels } from './labels.ts';

describe('labels', () => {
  it('accepts plain and prefixed keys, and empty values', () => {
    expect(checkLabels({ rack: '3', 'paddock.dev/role': 'worker', spare: '', 'a.b_c-d': 'X.y' })).toBeUndefined();
  });

  it('names the bad key or value', () => {
    expect(checkLabels({ '-rack': '1' })).toMatch(/label key "-rack"/);
    expect(checkLabels({ 'Bad_Prefix/x': '1' })).toMatch(/prefix before "\/"/);
    expect(checkLabels({ rack: 'has space' })).toMatch(/label rack: value "has space"/);
    expect(checkLabels({ rack: 'x'.repeat(64) })).toMatch(/must be empty or 1-63/);
    expect(checkLabels({ ['k'.repeat(64)]: '' })).toMatch(/name must be 1-63/);
  });
});
