/**
 * The node image build against real Debian packages: unchanged inputs are a cache hit in
 * under a second, a rebuild is byte-identical, an unprivileged user builds the same bytes, and
 * every program in the image runs from the image's own libraries (in a bubblewrap sandbox
 * whose root is the unpacked initramfs, so nothing comes from the host).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuildResult, buildNodeImage } from './build.ts';
import { INPUTS_DIR, REPO_ROOT } from './main.ts';
import { ParamError } from './recipe.ts';

const dir = mkdtempSync(join(tmpdir(), 'node-image-'));
const cacheDir = join(dir, 'artifacts');
const initrdOf = (r: BuildResult) => r.files.find((f) => f.name === 'initrd.img')!;

describe('node image build', () => {
  let first: BuildResult;
  let tree: string;

  beforeAll(() => {
    first = buildNodeImage({ inputsDir: INPUTS_DIR, cacheDir });
    tree = join(dir, 'tree');
    mkdirSync(tree);
    // The kernel's lz4 reader takes the legacy frame only (magic 02 21 4c 18).
    expect(readFileSync(initrdOf(first).path).subarray(0, 4).toString('hex')).toBe('02214c18');
    execFileSync('sh', ['-c', `lz4 -dc ${initrdOf(first).path} | (cd ${tree} && busybox cpio -i 2>/dev/null)`]);
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is a cache hit in under a second when nothing changed, and a rebuild is byte-identical', () => {
    expect(first.hit).toBe(false);
    const again = buildNodeImage({ inputsDir: INPUTS_DIR, cacheDir });
    expect(again.hit).toBe(true);
    expect(again.ms).toBeLessThan(1000);
    expect(again.files).toEqual(first.files);
    const rebuilt = buildNodeImage({ inputsDir: INPUTS_DIR, cacheDir, noCache: true });
    expect(rebuilt.hit).toBe(false);
    expect(initrdOf(rebuilt).sha256).toBe(initrdOf(first).sha256);
  }, 120_000);

  it('builds the same bytes as an unprivileged user', () => {
    const own = join(dir, 'nobody-cache');
    mkdirSync(own);
    chownSync(own, 65534, 65534);
    chmodSync(dir, 0o755);
    const out = execFileSync(
      'setpriv',
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        '--',
        process.execPath,
        join(REPO_ROOT, 'builders/node-image/src/main.ts'),
        '--inputs',
        INPUTS_DIR,
        '--cache',
        own,
      ],
      { env: { PATH: process.env['PATH'], HOME: '/nonexistent' } },
    ).toString();
    const result = JSON.parse(out) as BuildResult;
    expect(result.hit).toBe(false);
    expect(initrdOf(result).sha256).toBe(initrdOf(first).sha256);
    expect(
      execFileSync('stat', ['-c', '%u', initrdOf(result).path])
        .toString()
        .trim(),
    ).toBe('65534');
  }, 180_000);

  it('runs every program from the image alone', () => {
    const inImage = (...cmd: string[]) =>
      execFileSync('bwrap', ['--bind', tree, '/', '--proc', '/proc', '--dev', '/dev', '--clearenv', ...cmd], {
        stdio: ['ignore', 'pipe', 'pipe'],
      }).toString();
    expect(inImage('/usr/bin/curl', '--version')).toMatch(/^curl 7\.\d+.*OpenSSL/s);
    expect(inImage('/usr/bin/openssl', 'version')).toMatch(/^OpenSSL 3\./);
    expect(inImage('/usr/bin/wg', '--version')).toMatch(/wireguard-tools v1\./);
    expect(inImage('/usr/bin/wireguard-go', '--version')).toMatch(/wireguard-go v/);
    expect(inImage('/usr/bin/ip', '-V')).toMatch(/iproute2/);
    expect(
      execFileSync('sh', ['-c', `bwrap --bind ${tree} / --dev /dev /usr/sbin/sshd -V 2>&1 || true`]).toString(),
    ).toMatch(/OpenSSH_9/);
    // sshd checks its configuration and the privilege separation user the image carries.
    expect(
      inImage(
        '/bin/sh',
        '-c',
        '/bin/busybox mkdir -p /run/sshd && /usr/bin/ssh-keygen -q -t ed25519 -N "" -f /tmp/k && /usr/sbin/sshd -t -h /tmp/k && echo sshd-config-ok',
      ),
    ).toContain('sshd-config-ok');
    expect(inImage('/bin/busybox', 'udhcpc', '--help').length + 1).toBeGreaterThan(0);
  });

  it("reports this machine's hardware with the image's own shell and applets", () => {
    const out = execFileSync('bwrap', [
      ...['--bind', tree, '/', '--proc', '/proc', '--dev', '/dev', '--ro-bind', '/sys', '/sys', '--clearenv'],
      ...['/bin/sh', '/etc/paddock/hardware'],
    ]).toString();
    expect(out.split('\n')[0]).toBe('paddock-hardware 1');
    const cpu = out
      .split('\n')
      .find((l) => l.startsWith('cpu\t'))
      ?.split('\t');
    expect(Number(cpu?.[2])).toBe(cpus().length);
    const usable = Number(
      out
        .split('\n')
        .find((l) => l.startsWith('memory\t'))
        ?.split('\t')[2],
    );
    expect(Math.abs(usable - totalmem())).toBeLessThan(1024 * 1024);
  });

  it('carries the NIC drivers with their dependencies, loaded before the drivers that need them', () => {
    const order = readFileSync(join(tree, 'etc/paddock/modules'), 'utf8').trim().split('\n');
    for (const nic of [
      'e1000.ko',
      'e1000e.ko',
      'igb.ko',
      'ixgbe.ko',
      'i40e.ko',
      'ice.ko',
      'mlx5_core.ko',
      'bnxt_en.ko',
      'tg3.ko',
      'r8169.ko',
      'virtio_net.ko',
    ])
      expect(order).toContain(nic);
    const before = (a: string, b: string) => expect(order.indexOf(a)).toBeLessThan(order.indexOf(b));
    before('virtio_ring.ko', 'virtio_net.ko');
    before('libphy.ko', 'r8169.ko');
    before('mlxfw.ko', 'mlx5_core.ko');
    // r8169's soft dependency, its PHY driver (modinfo softdep "pre: realtek"): carried, loaded first.
    expect(order).toContain('realtek.ko');
    before('realtek.ko', 'r8169.ko');
    // What busybox modprobe reads in /lib/modules/`uname -r` to load the drivers of the devices present.
    const kernelDir = readdirSync(join(tree, 'lib/modules')).find((f) => /^\d+\.\d+/.test(f))!;
    expect(readlinkSync(join(tree, 'lib/modules', kernelDir))).toBe('.');
    const aliases = readFileSync(join(tree, 'lib/modules/modules.alias'), 'utf8').split('\n');
    expect(aliases).toContain('alias pci:v00008086d0000100Esv*sd*bc*sc*i* e1000');
    expect(aliases).toContain('alias virtio:d00000001v* virtio_net');
    expect(aliases.filter(Boolean).every((a) => order.includes(`${a.split(' ')[2]}.ko`))).toBe(true);
    const dep = readFileSync(join(tree, 'lib/modules/modules.dep'), 'utf8').split('\n');
    expect(dep).toContain('virtio_net.ko: net_failover.ko failover.ko virtio.ko virtio_ring.ko');
    expect(dep.find((l) => l.startsWith('r8169.ko:'))).toMatch(/ realtek\.ko( |$)/);
    expect(dep.filter(Boolean)).toHaveLength(order.length);
    for (const m of order)
      expect(
        readFileSync(join(tree, 'lib/modules', m))
          .subarray(0, 4)
          .toString('latin1'),
      ).toBe('\x7fELF');
  });

  it('rejects unknown and bad parameters before building anything', () => {
    expect(() => buildNodeImage({ inputsDir: '/nonexistent', cacheDir, params: { colour: 'red' } })).toThrow(
      ParamError,
    );
    expect(() => buildNodeImage({ inputsDir: '/nonexistent', cacheDir, params: { arch: 'sparc' } })).toThrow(/sparc/);
    expect(() =>
      buildNodeImage({ inputsDir: '/nonexistent', cacheDir, params: { authorizedKeys: ['hello'] } }),
    ).toThrow(/OpenSSH/);
    expect(() => buildNodeImage({ inputsDir: '/nonexistent', cacheDir, params: { enrolScript: 'rm -rf /' } })).toThrow(
      /#!/,
    );
    expect(() => buildNodeImage({ inputsDir: '/nonexistent', cacheDir, params: { profile: 'huge' } })).toThrow(
      /profile must be one of base, cluster/,
    );
    expect(() => buildNodeImage({ inputsDir: '/nonexistent', cacheDir, params: { compression: 'xz' } })).toThrow(
      /compression must be one of lz4, zstd/,
    );
    expect(() =>
      buildNodeImage({ inputsDir: '/nonexistent', cacheDir, params: { compression: 'lz4', zstdLevel: 3 } }),
    ).toThrow(/zstdLevel applies to compression zstd/);
    const unknown = { extraModules: ['no_such_driver'] };
    expect(() => buildNodeImage({ inputsDir: INPUTS_DIR, cacheDir, params: unknown, noCache: true })).toThrow(
      /no kernel module no_such_driver/,
    );
  }, 60_000);
});
