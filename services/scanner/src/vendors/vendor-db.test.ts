import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VendorDb } from './vendor-db.ts';
import { loadVendors, SYSTEM_VENDOR_DIR } from './vendor-files.ts';

function sampleDb(): VendorDb {
  const db = new VendorDb();
  db.add([
    { registry: 'MA-L', prefix: '001B21', organization: 'Intel Corporate' },
    { registry: 'MA-L', prefix: '70B3D5', organization: 'IEEE Registration Authority' },
    { registry: 'MA-S', prefix: '70B3D5F2F', organization: 'TELEPLATFORMS' },
    { registry: 'MA-M', prefix: '741AE09', organization: 'Private' },
  ]);
  return db;
}

describe('VendorDb', () => {
  it('names the registrant of the longest registered prefix', () => {
    const db = sampleDb();
    expect(db.lookup('00:1b:21:aa:bb:cc')).toMatchObject({
      organization: 'Intel Corporate',
      registry: 'MA-L',
      prefix: '001B21',
    });
    expect(db.lookup('70-B3-D5-F2-F0-01')).toMatchObject({ organization: 'TELEPLATFORMS', registry: 'MA-S' });
    expect(db.lookup('70:b3:d5:00:00:01')).toMatchObject({ organization: 'IEEE Registration Authority' });
    expect(db.lookup('74:1a:e0:91:00:00')).toMatchObject({
      organization: 'Private',
      registry: 'MA-M',
      prefix: '741AE09',
    });
    expect(db.lookup('00:00:5e:00:00:01')).toMatchObject({
      organization: '',
      registry: '',
      locallyAdministered: false,
    });
  });

  it('labels locally administered and group addresses instead of guessing a vendor', () => {
    const db = sampleDb();
    db.add([{ registry: 'MA-L', prefix: '525400', organization: 'Should not be used' }]);
    expect(db.lookup('52:54:00:12:34:56')).toMatchObject({
      organization: '',
      locallyAdministered: true,
      note: 'QEMU/KVM virtual NIC (libvirt default)',
    });
    expect(db.lookup('02:00:00:00:00:01')).toMatchObject({ locallyAdministered: true, note: 'locally administered' });
    expect(db.lookup('01:00:5e:00:00:fb')).toMatchObject({ multicast: true });
    expect(() => db.lookup('00:1b:21')).toThrow(/not a MAC address/);
  });

  it.skipIf(!existsSync(`${SYSTEM_VENDOR_DIR}/oui.csv`))("loads Debian's ieee-data, every registry", () => {
    const { db, sources } = loadVendors([SYSTEM_VENDOR_DIR]);
    expect(sources.map((s) => s.registry).sort()).toEqual(['IAB', 'MA-L', 'MA-M', 'MA-S']);
    expect(db.size).toBeGreaterThan(40_000);
    // 70:B3:D5 is the IEEE's own MA-L, carved into MA-S blocks: the block holder must win.
    const ma = db.lookup('70:b3:d5:f2:f0:00');
    expect(ma.registry).toBe('MA-S');
    expect(ma.organization).not.toMatch(/IEEE Registration Authority/);
  });
});
