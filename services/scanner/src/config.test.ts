import { loadConfig } from '@paddock/runtime';
import { describe, expect, it } from 'vitest';
import { scannerConfigSchema, toScannerOptions } from './config.ts';

describe('scanner configuration', () => {
  it('takes flags over environment, and puts given service files before /etc/services', () => {
    const c = loadConfig(scannerConfigSchema, {
      flags: { interface: 'eth1', servicesFile: ['/x/iana.csv'] },
      env: { PADDOCK_INTERFACE: 'eth0', PADDOCK_SCAN_INTERVAL: '60' },
    });
    expect(toScannerOptions(c)).toEqual({
      interface: 'eth1',
      scanIntervalSeconds: 60,
      serviceFiles: ['/x/iana.csv', '/etc/services'],
    });
  });

  it('fails fast naming a bad value and where it came from', () => {
    expect(() => loadConfig(scannerConfigSchema, { flags: { scanInterval: 'often' }, env: {} })).toThrow(
      /--scan-interval/,
    );
  });
});
