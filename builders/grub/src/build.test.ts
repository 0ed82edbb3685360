/**
 * The GRUB recipe's BOOTX64.EFI booted by OVMF (UEFI, TCG) from a FAT folder QEMU presents as a
 * disk: GRUB starts, runs its embedded config (a marker on the serial line, then halt) and the
 * machine powers off. Built twice, it is the same bytes.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGrubEfi } from './build.ts';
import { ParamError } from './recipe.ts';

const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
const INPUTS = join(REPO_ROOT, '.cache', 'builders', 'inputs');
const dir = mkdtempSync(join(tmpdir(), 'grub-efi-'));
const MARKER = 'PADDOCK-GRUB-CONFIG-RAN';
const CONFIG = `serial --unit=0 --speed=115200\nterminal_output serial console\necho ${MARKER}\nhalt\n`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('GRUB standalone EFI', () => {
  it('rejects an empty config and unknown parameters', () => {
    const build = (params: Record<string, unknown>) => buildGrubEfi({ inputsDir: INPUTS, cacheDir: dir, params });
    expect(() => build({ config: ' ' })).toThrow(ParamError);
    expect(() => build({ config: 'halt', theme: 'x' })).toThrow(/unknown parameter theme/);
  });

  it('is reproducible and boots under OVMF into its embedded config', () => {
    const first = buildGrubEfi({ inputsDir: INPUTS, cacheDir: join(dir, 'a'), params: { config: CONFIG } });
    const second = buildGrubEfi({ inputsDir: INPUTS, cacheDir: join(dir, 'b'), params: { config: CONFIG } });
    const efi = (b: typeof first) => b.files.find((f) => f.name === 'BOOTX64.EFI')!;
    expect(second.hit).toBe(false);
    expect(efi(second).sha256).toBe(efi(first).sha256);
    expect(buildGrubEfi({ inputsDir: INPUTS, cacheDir: join(dir, 'a'), params: { config: CONFIG } }).hit).toBe(true);

    const esp = join(dir, 'esp', 'EFI', 'BOOT');
    mkdirSync(esp, { recursive: true });
    copyFileSync(efi(first).path, join(esp, 'BOOTX64.EFI'));
    copyFileSync('/usr/share/OVMF/OVMF_VARS_4M.fd', join(dir, 'vars.fd'));
    const serial = join(dir, 'serial.log');
    // biome-ignore format: flag and value pairs read best side by side
    const qemu = spawnSync('qemu-system-x86_64', [
      '-accel', 'tcg', '-machine', 'q35', '-m', '256', '-nographic', '-vga', 'none', '-monitor', 'none',
      '-no-reboot', '-serial', `file:${serial}`, '-net', 'none',
      '-drive', 'if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd',
      '-drive', `if=pflash,format=raw,file=${join(dir, 'vars.fd')}`,
      '-drive', `file=fat:rw:${join(dir, 'esp')},format=raw,if=virtio`,
    ], { timeout: 150_000, stdio: 'ignore' });
    // GRUB's halt powers the machine off: QEMU exits by itself, not by the timeout.
    expect(qemu.signal).toBeNull();
    expect(readFileSync(serial, 'latin1')).toContain(MARKER);
  }, 200_000);
});
