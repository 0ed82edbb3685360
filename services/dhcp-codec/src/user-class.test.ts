import { describe, expect, it } from 'vitest';
import { type UserClass, userClass } from './user-class.ts';

describe('option 77 user class', () => {
  it('reads iPXE plain text and RFC 3004 item lists', () => {
    expect(userClass.decode(new TextEncoder().encode('iPXE'))).toEqual({ format: 'plain', text: 'iPXE' });
    expect(userClass.decode(Uint8Array.of(2, 97, 98, 1, 99))).toEqual({ format: 'rfc3004', classes: ['ab', 'c'] });
  });

  it('writes each form so that it reads back the same', () => {
    const forms: UserClass[] = [
      { format: 'plain', text: 'iPXE' },
      { format: 'rfc3004', classes: ['lab', 'x'] },
    ];
    for (const v of forms) {
      expect(userClass.decode(userClass.encode(v))).toEqual(v);
    }
    expect(() => userClass.encode({ format: 'rfc3004', classes: [''] })).toThrow(/1..255/);
  });
});
