/**
 * boot.scr for arm64 boards, booted: Debian's U-Boot for QEMU (u-boot-qemu, qemu_arm64) on an
 * emulated aarch64 `virt` machine (TCG, Cortex-A "max") finds the script on a FAT disk by its
 * distro boot, runs it, and the script boots the arm64 node image to its serial marker. Then
 * the same machine with AAVMF UEFI boots the same image through the grub-efi recipe's arm64 GRUB.
 * Wall time when written (2 cores shared with other work): with the inputs fetched, 27.6 s for
 * this test at load average 5-7 (U-Boot boot 10.1 s, AAVMF boot 17.1 s); 61 s on a run that
 * also fetched grub-efi-arm64-bin, at load average 6. The UEFI half is the one to drop if CI
 * needs the time back.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildGrubEfi } from '@paddock/grub-efi';
import { BOOTED_MARKER, buildNodeImage } from '@paddock/node-image';
import { bootsToMarker } from '@paddock/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBootScr } from './build.ts';
import { MARKER, ParamError } from './recipe.ts';

const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
const INPUTS = join(REPO_ROOT, '.cache', 'builders', 'inputs');
// The repository's artifact cache: setup.sh built the arm64 node image there, so that is a hit.
const ARTIFACTS = join(REPO_ROOT, '.cache', 'builders', 'artifacts');
const dir = mkdtempSync(join(tmpdir(), 'uboot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('U-Boot boot.scr', () => {
  it('rejects what U-Boot would expand or cut, and unknown parameters', () => {
    const build = (params: Record<string, unknown>) => buildBootScr({ inputsDir: INPUTS, cacheDir: dir, params });
    expect(() => build({ cmdline: 'console=ttyAMA0 $(reset)' })).toThrow(ParamError);
    expect(() => build({ cmdline: 'a"; reset; "' })).toThrow(/cmdline/);
    expect(() => build({ kernel: '../vmlinuz' })).toThrow(/kernel/);
    expect(() => build({ board: 'pi' })).toThrow(/unknown parameter board/);
  });

  it('is reproducible, and boots the arm64 node image under U-Boot on qemu-system-aarch64', async () => {
    const first = buildBootScr({ inputsDir: INPUTS, cacheDir: join(dir, 'a'), params: {} });
    const second = buildBootScr({ inputsDir: INPUTS, cacheDir: join(dir, 'b'), params: {} });
    const scr = (b: typeof first) => b.files.find((f) => f.name === 'boot.scr')!;
    expect(second.hit).toBe(false);
    expect(scr(second).sha256).toBe(scr(first).sha256);
    // The legacy image header: magic 0x27051956, OS Linux (5), arch ARM64 (22), type script (6).
    const header = readFileSync(scr(first).path);
    expect([header.readUInt32BE(0), header[28], header[29], header[30]]).toEqual([0x27051956, 5, 22, 6]);

    const image = buildNodeImage({ inputsDir: INPUTS, cacheDir: ARTIFACTS, params: { arch: 'arm64' } });
    const disk = join(dir, 'disk');
    mkdirSync(disk);
    copyFileSync(scr(first).path, join(disk, 'boot.scr'));
    for (const f of image.files) copyFileSync(f.path, join(disk, f.name));
    const started = performance.now();
    const booted = await bootsToMarker({
      dir,
      name: 'uboot',
      arch: 'aarch64',
      args: [
        '-bios',
        '/usr/lib/u-boot/qemu_arm64/u-boot.bin',
        '-drive',
        `file=fat:${disk},format=raw,if=virtio,readonly=on`,
      ],
      marker: BOOTED_MARKER,
      timeoutMs: 120_000,
    });
    const serial = readFileSync(join(dir, 'uboot.log'), 'latin1');
    expect(serial).toContain('Found U-Boot script /boot.scr');
    expect(serial).toContain(MARKER);
    expect(booted).toBe(true);
    console.log(`U-Boot to ${BOOTED_MARKER}: ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // The same image through UEFI: AAVMF (Debian's qemu-efi-aarch64) runs the grub-efi recipe's
    // arm64 GRUB from the removable-media path, and its embedded config boots the same files.
    const config = `search --file --set=root /vmlinuz\nlinux /vmlinuz console=ttyAMA0\ninitrd /initrd.img\nboot\n`;
    const grub = buildGrubEfi({ inputsDir: INPUTS, cacheDir: join(dir, 'a'), params: { config, arch: 'arm64' } });
    mkdirSync(join(disk, 'EFI', 'BOOT'), { recursive: true });
    copyFileSync(grub.files.find((f) => f.name === 'BOOTAA64.EFI')!.path, join(disk, 'EFI', 'BOOT', 'BOOTAA64.EFI'));
    rmSync(join(disk, 'boot.scr'));
    copyFileSync('/usr/share/AAVMF/AAVMF_VARS.fd', join(dir, 'vars.fd'));
    const uefiStarted = performance.now();
    const uefi = await bootsToMarker({
      dir,
      name: 'aavmf',
      arch: 'aarch64',
      // biome-ignore format: flag and value pairs read best side by side
      args: [
        '-drive', 'if=pflash,format=raw,readonly=on,file=/usr/share/AAVMF/AAVMF_CODE.fd',
        '-drive', `if=pflash,format=raw,file=${join(dir, 'vars.fd')}`,
        '-drive', `file=fat:${disk},format=raw,if=virtio,readonly=on`,
      ],
      marker: BOOTED_MARKER,
      timeoutMs: 150_000,
    });
    expect(uefi).toBe(true);
    console.log(`AAVMF and GRUB to ${BOOTED_MARKER}: ${((performance.now() - uefiStarted) / 1000).toFixed(1)} s`);
  }, 400_000);
});
