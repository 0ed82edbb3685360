import { describe, expect, it } from 'vitest';
import { parseQemuOptions, qemuOptionsToRecord } from './qemu-options.ts';

const defaults = { netns: 'lab._switch', bridge: 'br0', accel: 'tcg' as const };

describe('qemu options', () => {
  it('fills defaults and round-trips as strings', () => {
    const o = parseQemuOptions({}, defaults);
    expect(o).toEqual({
      memoryMb: 512,
      cpus: 2,
      diskMb: 0,
      firmware: 'bios',
      nic: 'virtio-net-pci',
      netns: 'lab._switch',
      bridge: 'br0',
      accel: 'tcg',
    });
    expect(parseQemuOptions(qemuOptionsToRecord(o), { netns: '', bridge: '', accel: 'tcg' })).toEqual(o);
  });

  it('names the bad option', () => {
    expect(() => parseQemuOptions({ memory_mb: '12x' }, defaults)).toThrow(
      'qemu option memory_mb: "12x" must be a whole number from 128 to 65536',
    );
    expect(() => parseQemuOptions({ firmware: 'coreboot' }, defaults)).toThrow(/must be one of bios, uefi/);
    expect(() => parseQemuOptions({ disk: '10G' }, defaults)).toThrow(/unknown qemu option disk/);
    expect(() => parseQemuOptions({ bridge: 'br0; rm -rf /' }, defaults)).toThrow(/not an interface name/);
    expect(() => parseQemuOptions({}, { netns: '', bridge: '', accel: 'tcg' })).toThrow(
      /needs a bridge inside a network namespace/,
    );
  });
});
