import { describe, expect, it } from 'vitest';
import { resolveRequestPath } from './paths.ts';

describe('resolveRequestPath', () => {
  it('keeps ordinary names and strips a leading slash as firmwares mean "from the root"', () => {
    expect(resolveRequestPath('pxelinux.0')).toEqual({ ok: true, relative: 'pxelinux.0' });
    expect(resolveRequestPath('/pxelinux.cfg/default')).toEqual({ ok: true, relative: 'pxelinux.cfg/default' });
    expect(resolveRequestPath('/etc/passwd')).toEqual({ ok: true, relative: 'etc/passwd' });
    expect(resolveRequestPath('a//./b')).toEqual({ ok: true, relative: 'a/b' });
  });

  it('turns Windows separators into slashes', () => {
    expect(resolveRequestPath('\\Boot\\BCD')).toEqual({ ok: true, relative: 'Boot/BCD' });
  });

  it('refuses every parent-directory segment, however it is spelled', () => {
    for (const name of ['..', '../etc/passwd', 'a/../../b', '..\\..\\windows', '/..', 'x/..']) {
      expect(resolveRequestPath(name)).toMatchObject({ ok: false, reason: /parent directory/ });
    }
  });

  it('does not percent-decode, so %2e%2e stays a literal name', () => {
    expect(resolveRequestPath('%2e%2e/%2e%2e/etc/passwd')).toEqual({ ok: true, relative: '%2e%2e/%2e%2e/etc/passwd' });
  });

  it('refuses NUL and control characters, empty names, the root itself and overlong names', () => {
    expect(resolveRequestPath('a\0b')).toMatchObject({ ok: false, reason: /control character/ });
    expect(resolveRequestPath('a\nb')).toMatchObject({ ok: false, reason: /control character/ });
    expect(resolveRequestPath('')).toMatchObject({ ok: false, reason: /empty/ });
    expect(resolveRequestPath('/./')).toMatchObject({ ok: false, reason: /root directory/ });
    expect(resolveRequestPath('a'.repeat(1025))).toMatchObject({ ok: false, reason: /longer than 1024/ });
    expect(resolveRequestPath('a'.repeat(1024)).ok).toBe(true);
  });
});
