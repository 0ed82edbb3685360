import { describe, expect, it } from 'vitest';
import { chooseResetType } from './reset-type.ts';

describe('chooseResetType', () => {
  it('takes the first preferred type the service allows', () => {
    expect(chooseResetType('reboot', ['On', 'ForceOff', 'ForceRestart'])).toBe('ForceRestart');
    expect(chooseResetType('reboot', ['PowerCycle', 'ForceRestart'])).toBe('PowerCycle');
    expect(chooseResetType('off', ['On', 'GracefulShutdown'])).toBe('GracefulShutdown');
  });

  it('uses the first preference when the service lists nothing', () => {
    expect(chooseResetType('on', [])).toBe('On');
  });

  it('says what the system allows when nothing fits', () => {
    expect(chooseResetType('reboot', ['On', 'ForceOff'])).toEqual({
      error: 'cannot reboot: the system allows only On, ForceOff',
    });
  });
});
