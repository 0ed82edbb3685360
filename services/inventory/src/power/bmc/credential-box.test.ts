import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CredentialBox } from './credential-box.ts';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('CredentialBox', () => {
  it('seals so only the same node, with the same key, opens it', () => {
    dir = mkdtempSync(join(tmpdir(), 'paddock-box-'));
    const key = join(dir, 'bmc', 'credential.key');
    const sealed = new CredentialBox(key).seal('n1', 'calvin');
    expect(sealed).not.toContain('calvin');
    expect(statSync(key).mode & 0o777).toBe(0o600);
    // A new box (a restarted server) reads the same key.
    expect(new CredentialBox(key).open('n1', sealed)).toBe('calvin');
    expect(() => new CredentialBox(key).open('n2', sealed)).toThrow(/does not open/);
    expect(() => new CredentialBox(key).open('n1', 'v1.AAAA')).toThrow(/unreadable/);
    expect(new CredentialBox(key).seal('n1', 'calvin')).not.toBe(sealed);
  });

  it('does not open with another key', () => {
    dir = mkdtempSync(join(tmpdir(), 'paddock-box-'));
    const sealed = new CredentialBox(join(dir, 'a.key')).seal('n1', 'calvin');
    expect(() => new CredentialBox(join(dir, 'b.key')).open('n1', sealed)).toThrow(/was the key replaced/);
  });
});
