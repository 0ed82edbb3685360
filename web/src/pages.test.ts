import { describe, expect, it } from 'vitest';
import { findPage, isOffered, PAGES } from './pages.ts';

describe('pages', () => {
  it('offers a service page only when a service of its package runs', () => {
    const dhcp = findPage('/dhcp')!;
    expect(isOffered(dhcp, ['paddock.system.v1.SystemService'])).toBe(false);
    expect(isOffered(dhcp, ['paddock.dhcp.v1.DhcpService'])).toBe(true);
    // A look-alike package is not the DHCP service.
    expect(isOffered(dhcp, ['paddock.dhcp.v10.Other'])).toBe(false);
    expect(isOffered(PAGES[0]!, [])).toBe(true);
  });

  it('finds pages with or without a trailing slash, and nothing for unknown paths', () => {
    expect(findPage('/boot/')?.label).toBe('Boot');
    expect(findPage('/')?.label).toBe('Overview');
    expect(findPage('/nope')).toBeUndefined();
  });
});
