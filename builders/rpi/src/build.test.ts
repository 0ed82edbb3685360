/**
 * The Raspberry Pi network boot files, checked for what the Pi firmware reads (no emulator
 * here): config.txt names files that are there, cmdline.txt is one line ending with the serial
 * console, the firmware is Debian's raspi-firmware byte for byte, the device trees are real
 * flattened device trees for the Pi boards, and the kernel is the arm64 node image's.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BuildResult, buildNodeImage } from '@paddock/node-image';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRpi, type RpiBuild } from './build.ts';
import { ParamError } from './recipe.ts';

const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
const INPUTS = join(REPO_ROOT, '.cache', 'builders', 'inputs');
const dir = mkdtempSync(join(tmpdir(), 'rpi-'));
const CMDLINE = 'paddock.phone=http://10.0.0.1:8080/x?sig=abc';

describe('Raspberry Pi network boot files', () => {
  let image: BuildResult;
  let out: RpiBuild;
  const file = (name: string) => readFileSync(out.files.find((f) => f.name === name)!.path);
  const boot = () => ({
    kernel: image.files.find((f) => f.name === 'vmlinuz')!.path,
    initrd: image.files.find((f) => f.name === 'initrd.img')!.path,
  });
  beforeAll(() => {
    // The repository's artifact cache: setup.sh built the arm64 node image there, so this is a hit.
    const artifacts = join(REPO_ROOT, '.cache', 'builders', 'artifacts');
    image = buildNodeImage({ inputsDir: INPUTS, cacheDir: artifacts, params: { arch: 'arm64' } });
    out = buildRpi({ inputsDir: INPUTS, cacheDir: join(dir, 'a'), params: { cmdline: CMDLINE }, ...boot() });
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has config.txt for a 64-bit mainline kernel, naming only files that are there', () => {
    const lines = file('config.txt').toString().split('\n');
    const settings = new Map(lines.filter((l) => /^\w+=/.test(l)).map((l) => l.split('=') as [string, string]));
    expect(settings.get('arm_64bit')).toBe('1');
    expect(settings.get('upstream_kernel')).toBe('1');
    expect(settings.get('enable_uart')).toBe('1');
    const initramfs = lines.find((l) => l.startsWith('initramfs '))?.split(' ');
    expect(initramfs?.[2]).toBe('followkernel');
    const names = out.files.map((f) => f.name);
    expect(names).toContain(settings.get('kernel'));
    expect(names).toContain(initramfs?.[1]);
    expect(file('vmlinuz').equals(readFileSync(boot().kernel))).toBe(true);
    expect(file('initrd.img').equals(readFileSync(boot().initrd))).toBe(true);
  });

  it('has a one-line cmdline.txt whose last console is the serial line', () => {
    const text = file('cmdline.txt').toString();
    expect(text.split('\n')).toEqual([`console=tty0 console=ttyS1,115200 ${CMDLINE}`, '']);
    expect(() => buildRpi({ inputsDir: INPUTS, cacheDir: dir, params: { cmdline: 'a\nb' }, ...boot() })).toThrow(
      ParamError,
    );
    expect(() => buildRpi({ inputsDir: INPUTS, cacheDir: dir, params: { colour: 1 }, ...boot() })).toThrow(/colour/);
  });

  it("carries Debian's raspi-firmware unchanged for the Pi 3 and Pi 4", () => {
    const pkgs = readFileSync(join(INPUTS, 'apt', 'arm64', 'sources.list'), 'utf8');
    expect(pkgs).toContain('non-free-firmware');
    const root = join(INPUTS, 'pkgs');
    const firmwareRoot = packageDir(root, 'raspi-firmware_');
    for (const f of ['bootcode.bin', 'start.elf', 'fixup.dat', 'start4.elf', 'fixup4.dat'])
      expect(file(f).equals(readFileSync(join(root, firmwareRoot, 'usr/lib/raspi-firmware', f))), f).toBe(true);
    // start*.elf are VideoCore ELF files, not ARM ones: the ELF magic only.
    expect(file('start4.elf').subarray(0, 4).toString('latin1')).toBe('\x7fELF');
  });

  it('has the device trees of the network-booting boards', () => {
    for (const [dtb, model] of [
      ['bcm2711-rpi-4-b.dtb', 'raspberrypi,4-model-b'],
      ['bcm2837-rpi-3-b-plus.dtb', 'raspberrypi,3-model-b-plus'],
      ['bcm2711-rpi-400.dtb', 'raspberrypi,400'],
    ]) {
      const b = file(dtb!);
      expect(b.readUInt32BE(0), dtb).toBe(0xd00dfeed);
      expect(b.toString('latin1'), dtb).toContain(model);
    }
  });

  it('is the same bytes when built again from nothing, and a cache hit after', () => {
    const again = buildRpi({ inputsDir: INPUTS, cacheDir: join(dir, 'b'), params: { cmdline: CMDLINE }, ...boot() });
    expect(again.hit).toBe(false);
    expect(again.files).toEqual(
      out.files.map((f) => ({ ...f, path: again.files.find((g) => g.name === f.name)!.path })),
    );
    const hit = buildRpi({ inputsDir: INPUTS, cacheDir: join(dir, 'b'), params: { cmdline: CMDLINE }, ...boot() });
    expect(hit.hit).toBe(true);
  });
});

function packageDir(root: string, prefix: string): string {
  const found = readdirSync(root).find((d) => d.startsWith(prefix) && !d.includes('.tmp'));
  if (!found) throw new Error(`no ${prefix}* in ${root}`);
  return found;
}
