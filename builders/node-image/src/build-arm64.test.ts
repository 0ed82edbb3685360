/**
 * The arm64 node image, built on this x86_64 host from Debian's arm64 packages fetched through
 * a private apt configuration (the host's dpkg architectures untouched): every program and
 * library in it is an AArch64 ELF, the loader its programs name is where they look for it, the
 * Raspberry Pi NIC drivers are in, and a rebuild is byte-identical. No emulator here: the boot
 * test of builders/uboot runs it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuildResult, buildNodeImage } from './build.ts';
import { CACHE_DIR, INPUTS_DIR } from './main.ts';

const dir = mkdtempSync(join(tmpdir(), 'node-image-arm64-'));
const params = { arch: 'arm64' };
/** e_machine of an ELF file: 183 is AArch64, 62 x86-64. */
const machine = (b: Buffer) => (b.subarray(0, 4).toString('latin1') === '\x7fELF' ? b.readUInt16LE(18) : undefined);

describe('arm64 node image', () => {
  let first: BuildResult;
  let tree: string;
  beforeAll(() => {
    // The repository's artifact cache (setup.sh built the image there): a hit, the rebuild below is not.
    first = buildNodeImage({ inputsDir: INPUTS_DIR, cacheDir: CACHE_DIR, params });
    tree = join(dir, 'tree');
    const initrd = first.files.find((f) => f.name === 'initrd.img')!.path;
    execFileSync('sh', ['-c', `mkdir ${tree} && lz4 -dc ${initrd} | (cd ${tree} && busybox cpio -i 2>/dev/null)`]);
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is made of Debian's arm64 packages, and the host's dpkg was not given arm64", () => {
    expect(first.inputs.find((i) => i.name.startsWith('linux-image-'))?.name).toMatch(/^linux-image-[\d.]+-\d+-arm64$/);
    const pkgs = readFileSync(join(INPUTS_DIR, 'apt', 'arm64', 'sources.list'), 'utf8');
    expect(pkgs).toContain('signed-by=/usr/share/keyrings/debian-archive-keyring.gpg');
    expect(execFileSync('dpkg', ['--print-foreign-architectures']).toString()).not.toContain('arm64');
  });

  it('holds AArch64 programs and libraries only, each finding its loader', () => {
    const vmlinuz = readFileSync(first.files.find((f) => f.name === 'vmlinuz')!.path);
    // The arm64 boot Image header: "ARM\x64" at offset 56 (what U-Boot's booti checks).
    expect(vmlinuz.subarray(56, 60).toString('latin1')).toBe('ARM\x64');
    for (const p of ['bin/busybox', 'usr/sbin/sshd', 'usr/bin/wg', 'usr/bin/wireguard-go', 'usr/bin/curl'])
      expect(machine(readFileSync(join(tree, p))), p).toBe(183);
    const libs = execFileSync('ls', [join(tree, 'lib/aarch64-linux-gnu')])
      .toString()
      .trim()
      .split('\n');
    expect(libs).toContain('libssl.so.3');
    for (const l of libs) expect(machine(readFileSync(join(tree, 'lib/aarch64-linux-gnu', l))), l).toBe(183);
    expect(readlinkSync(join(tree, 'lib/ld-linux-aarch64.so.1'))).toBe('/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1');
    expect(existsSync(join(tree, 'lib64'))).toBe(false);
  });

  it('carries the Raspberry Pi and server NIC drivers, and reports to the kernel console', () => {
    const order = readFileSync(join(tree, 'etc/paddock/modules'), 'utf8').trim().split('\n');
    for (const nic of ['genet.ko', 'lan78xx.ko', 'smsc95xx.ko', 'igb.ko', 'mlx5_core.ko', 'virtio_net.ko'])
      expect(order).toContain(nic);
    expect(readFileSync(join(tree, 'init'), 'utf8')).toContain('PADDOCK-NODE-BOOTED > /dev/console');
  });

  it('is the same bytes when built again from nothing', () => {
    const again = buildNodeImage({ inputsDir: INPUTS_DIR, cacheDir: join(dir, 'b'), params });
    expect(again.hit).toBe(false);
    expect(again.files.map((f) => f.sha256)).toEqual(first.files.map((f) => f.sha256));
  }, 120_000);
});
