import { expect, it } from 'vitest';
import { reachableAt } from './cluster-module.ts';

it('registers the listen address when it is one address, else the LAN address, else loopback', () => {
  const everywhere = { listensEverywhere: true };
  expect(reachableAt('10.0.0.1:7400', everywhere)).toBe('10.0.0.1:7400');
  expect(reachableAt('127.0.0.1:7400', { listensEverywhere: false, advertise: '10.0.0.9' })).toBe('127.0.0.1:7400');
  expect(reachableAt('127.0.0.1:7400', { ...everywhere, advertise: '10.0.0.9' })).toBe('10.0.0.9:7400');
  expect(reachableAt('[::1]:7400', { ...everywhere, advertise: 'fd00::9' })).toBe('[fd00::9]:7400');
  // The loopback interface's own address; an interface that is gone leaves loopback.
  expect(reachableAt('127.0.0.1:7400', { ...everywhere, interface: 'lo' })).toBe('127.0.0.1:7400');
  expect(reachableAt('127.0.0.1:7400', { ...everywhere, interface: 'no-such-if0' })).toBe('127.0.0.1:7400');
  expect(reachableAt('127.0.0.1:7400', undefined)).toBe('127.0.0.1:7400');
});
