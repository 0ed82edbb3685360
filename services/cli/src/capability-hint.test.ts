import { describe, expect, it } from 'vitest';
import { capabilityHint } from './capability-hint.ts';

const err = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('capability hint', () => {
  it('names the capability a failed operation needed', () => {
    expect(capabilityHint(err('EACCES', 'listen EACCES: permission denied 0.0.0.0:67'))).toMatch(
      /^CAP_NET_BIND_SERVICE/,
    );
    expect(capabilityHint(err('EACCES', 'bind EACCES 10.0.0.1:69'))).toMatch(/^CAP_NET_BIND_SERVICE/);
    expect(capabilityHint(err('EPERM', 'socket AF_PACKET: EPERM (Operation not permitted)'))).toMatch(/^CAP_NET_RAW/);
    expect(capabilityHint(err('EPERM', 'socket ICMP: EPERM (Operation not permitted)'))).toMatch(/^CAP_NET_RAW/);
    expect(capabilityHint(err('EPERM', 'setsockopt SO_SNDBUFFORCE: EPERM'))).toBe('CAP_NET_ADMIN');
  });

  it('says nothing for other failures', () => {
    expect(capabilityHint(err('EACCES', 'listen EACCES: permission denied 0.0.0.0:7443'))).toBeUndefined();
    expect(capabilityHint(err('ENOENT', 'socket AF_PACKET: ENOENT'))).toBeUndefined();
    expect(capabilityHint(new Error('boom'))).toBeUndefined();
  });
});
