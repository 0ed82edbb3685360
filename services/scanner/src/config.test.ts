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
      store: { kind: 'sqlite' },
      site: 'default',
    });
  });

  it('keeps the state on etcd when --store names it', () => {
    const c = loadConfig(scannerConfigSchema, { flags: { store: 'etcd://10.0.0.1:2379/s1', site: 'lab' }, env: {} });
    expect(toScannerOptions(c)).toMatchObject({
      store: { kind: 'etcd', endpoints: ['10.0.0.1:2379'], prefix: '/s1/' },
      site: 'lab',
    });
  });

  it('fails fast naming a bad value and where it came from', () => {
    expect(() => loadConfig(scannerConfigSchema, { flags: { scanInterval: 'often' }, env: {} })).toThrow(
      /--scan-interval/,
    );
  });
});
