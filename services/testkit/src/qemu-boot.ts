/**
 * Boots a QEMU machine (x86_64 PC, or aarch64 `virt` with a Cortex-A "max" CPU; TCG, no network) from boot media until its serial line shows a
 * marker, for the tests that prove a recipe's artifact boots. The machine is killed either way.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface BootToMarker {
  /** Where the serial log goes (`<dir>/<name>.log`). */
  dir: string;
  name: string;
  /** The media and firmware arguments (`-cdrom x`, `-drive ...`, `-bios OVMF.fd`). */
  args: string[];
  marker: string;
  timeoutMs?: number;
  /** The emulated machine: x86_64 (default) or aarch64. */
  arch?: 'x86_64' | 'aarch64';
}

/** True when the marker appeared within the time (default 150 s). */
export async function bootsToMarker(o: BootToMarker): Promise<boolean> {
  const serial = join(o.dir, `${o.name}.log`);
  const arch = o.arch ?? 'x86_64';
  const machine = arch === 'aarch64' ? ['-machine', 'virt', '-cpu', 'max'] : ['-vga', 'none'];
  // biome-ignore format: flag and value pairs read best side by side
  const q = spawn(`qemu-system-${arch}`, [
    ...machine, '-accel', 'tcg', '-m', '512', '-nographic', '-monitor', 'none', '-no-reboot',
    '-serial', `file:${serial}`, '-net', 'none', ...o.args,
  ], { stdio: 'ignore' });
  const deadline = Date.now() + (o.timeoutMs ?? 150_000);
  try {
    while (Date.now() < deadline && q.exitCode === null) {
      if (existsSync(serial) && readFileSync(serial, 'latin1').includes(o.marker)) return true;
      await sleep(250);
    }
    return false;
  } finally {
    q.kill('SIGKILL');
  }
}
