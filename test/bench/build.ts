/**
 * Node image build benchmark: builders/node-image against Debian's own mkinitramfs
 * (initramfs-tools, run from its unpacked packages, never installed) building an initramfs with
 * the same contents: the same kernel's NIC modules (MODULES=list, the recipe's list), busybox,
 * OpenSSH's sshd and ssh-keygen, wireguard-go, wg, ip, curl and openssl with their libraries (a hook that copy_execs
 * them), lz4 level 9 in the kernel's legacy frame both (`lz4 -9 -l`). Same inputs, same run, rounds
 * alternating. Run as root (mkinitramfs reads the kernel from /lib/modules and /boot, which it
 * gets through overlay mounts in a private
 * mount namespace):
 *
 *   node test/bench/build.ts [--repeat 3]
 *
 * Also measures an unchanged rebuild (a cache hit). Prints a markdown table and the load average,
 * since this machine's 2 cores are shared and times swing with it.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fetchDebs } from '@paddock/builders';
import { buildNodeImage, NIC_MODULES, PROGRAM_PACKAGES, PROGRAMS } from '@paddock/node-image';

const { values: args } = parseArgs({ options: { repeat: { type: 'string', default: '3' } } });
const ROOT = join(import.meta.dirname, '..', '..');
const INPUTS = join(ROOT, '.cache', 'builders', 'inputs');
const dir = mkdtempSync(join(tmpdir(), 'paddock-bench-build-'));
const MiB = 1 << 20;

const prime = buildNodeImage({ inputsDir: INPUTS, cacheDir: join(dir, 'prime') });
const inputs = fetchDebs(INPUTS, PROGRAM_PACKAGES, PROGRAM_PACKAGES, ['linux-image-amd64']);
const tools = fetchDebs(INPUTS, ['initramfs-tools-core', 'initramfs-tools', 'klibc-utils', 'libklibc', 'cpio']);
const kernel = inputs.find((i) => /^linux-image-\d/.test(i.name))!;
const version = kernel.name.replace(/^linux-image-/, '');
if (prime.inputs.length !== inputs.length) throw new Error('the bench resolves other inputs than the recipe');

// initramfs-tools as a /usr layer: its packages' files (bin, sbin, lib moved under usr, as on this usr-merged host).
const layer = join(dir, 'usr-layer');
for (const t of tools)
  for (const top of readdirSync(t.root)) {
    if (top === 'usr') cpSync(join(t.root, 'usr'), layer, { recursive: true, verbatimSymlinks: true });
    else if (['bin', 'sbin', 'lib'].includes(top))
      cpSync(join(t.root, top), join(layer, top), { recursive: true, verbatimSymlinks: true });
  }
mkdirSync(join(layer, 'lib', 'modules'), { recursive: true });
symlinkSync(join(kernel.root, 'lib', 'modules', version), join(layer, 'lib', 'modules', version));
const conf = join(dir, 'conf');
cpSync(join(tools.find((t) => t.name === 'initramfs-tools-core')!.root, 'etc', 'initramfs-tools'), conf, {
  recursive: true,
});
const confText = execFileSync('cat', [join(conf, 'initramfs.conf')]).toString();
writeFileSync(
  join(conf, 'initramfs.conf'),
  `${confText.replace(/^MODULES=.*$/m, 'MODULES=list').replace(/^COMPRESS=.*$/m, 'COMPRESS=lz4')}\nCOMPRESSLEVEL=9\n`,
);
writeFileSync(join(conf, 'modules'), `${NIC_MODULES.join('\n')}\n`);
const pkg = (name: string) => inputs.find((i) => i.name === name)!.root;
const libPath = inputs
  .flatMap((i) => ['lib', 'usr/lib'].map((d) => join(i.root, d, 'x86_64-linux-gnu')))
  .filter(existsSync)
  .join(':');
// The recipe's own programs (busybox under another name: mkinitramfs brings a busybox of its own).
const programs = Object.entries(PROGRAMS)
  .filter(([name]) => !name.endsWith('.cnf'))
  .map(([name, [from, src, to]]): [string, string] => [
    join(pkg(from), src),
    name === 'busybox' ? '/bin/busybox-static' : `/${to}`,
  ]);
const hook = `#!/bin/sh
[ "$1" = prereqs ] && exit 0
. /usr/share/initramfs-tools/hook-functions
export LD_LIBRARY_PATH='${libPath}'
${programs.map(([from, to]) => `copy_exec '${from}' '${to}'`).join('\n')}
`;
writeFileSync(join(conf, 'hooks', 'paddock'), hook, { mode: 0o755 });

function mkinitramfs(out: string): void {
  const mounts = [
    `mount -t overlay overlay -o lowerdir=${layer}:/usr /usr`,
    `mount -t overlay overlay -o lowerdir=${join(kernel.root, 'boot')}:/boot /boot`,
    `mkinitramfs -d ${conf} -o ${out} ${version}`,
  ].join(' && ');
  execFileSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', mounts], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

const entries = (file: string) =>
  Number(
    execFileSync('sh', ['-c', `lz4 -dc '${file}' | busybox cpio -t 2>/dev/null | wc -l`])
      .toString()
      .trim(),
  );
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const times: Record<'paddock' | 'mkinitramfs', number[]> = { paddock: [], mkinitramfs: [] };
let paddockFile = '';
let mkFile = '';
const loadBefore = loadavg()[0]!;
for (let round = 0; round < Number(args.repeat); round++) {
  const order = round % 2 === 0 ? (['paddock', 'mkinitramfs'] as const) : (['mkinitramfs', 'paddock'] as const);
  for (const who of order) {
    const started = performance.now();
    if (who === 'paddock') {
      const r = buildNodeImage({ inputsDir: INPUTS, cacheDir: join(dir, `paddock-${round}`), noCache: true });
      paddockFile = r.files.find((f) => f.name === 'initrd.img')!.path;
    } else {
      mkFile = join(dir, `mkinitramfs-${round}.img`);
      mkinitramfs(mkFile);
    }
    times[who].push(performance.now() - started);
  }
}
const hits: number[] = [];
for (let i = 0; i < 5; i++) hits.push(buildNodeImage({ inputsDir: INPUTS, cacheDir: join(dir, 'paddock-0') }).ms);

const size = (f: string) => statSync(f).size / MiB;
const p = median(times.paddock);
const m = median(times.mkinitramfs);
console.log(
  `node image build, median of ${args.repeat} rounds (load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on 2 shared cores: a busy machine)\n`,
);
console.log('| builder | build time | initramfs size | entries |');
console.log('| --- | --- | --- | --- |');
console.log(
  `| Paddock node image | ${(p / 1000).toFixed(1)} s | ${size(paddockFile).toFixed(1)} MiB | ${entries(paddockFile)} |`,
);
console.log(
  `| mkinitramfs (initramfs-tools ${tools.find((t) => t.name === 'initramfs-tools-core')!.version}) | ${(m / 1000).toFixed(1)} s | ${size(mkFile).toFixed(1)} MiB | ${entries(mkFile)} |`,
);
console.log(
  `\nPaddock/mkinitramfs build time ${(p / m).toFixed(2)}; unchanged rebuild (cache hit) median ${median(hits).toFixed(0)} ms; kernel ${(prime.files.find((f) => f.name === 'vmlinuz')!.size / MiB).toFixed(1)} MiB`,
);
rmSync(dir, { recursive: true, force: true });
