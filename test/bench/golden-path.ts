/**
 * Golden path benchmark: one diskless QEMU machine (BIOS with iPXE's ROM, TCG) powered on until its image
 * phones home, served three ways on the same lab in the same run, the order rotating per round:
 *   - Paddock: `paddock up` (DHCP, proxy/boot answers, iPXE, HTTP boot of kernel and initramfs,
 *     enrolment with the keys service) powering the machine on through the inventory;
 *   - dnsmasq: DHCP and TFTP (kernel and initramfs over TFTP, as dnsmasq setups do) with
 *     busybox httpd answering the phone-home, the same machine started by the same QEMU code;
 *   - Paddock serving the demo's old image instead of the node image: Debian's cloud kernel and a
 *     busybox initramfs with the virtio-net modules alone, which phones home and does nothing
 *     else (no SSH server, no enrolment, no other NIC driver): is the node image slower to ready?
 * Prints seconds from power-on to the phone-home line on the serial console, medians of
 * --repeat rounds, and the ratios (below 1 is faster). Run as root:
 *
 *   node test/bench/golden-path.ts [--repeat 3]
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { PowerAction } from '@paddock/proto/inventory/v1/inventory.ts';
import { createLogger } from '@paddock/runtime';
import { initramfs, kernel, PHONED_MARKER } from '../../services/cli/src/demo/machine-image.ts';
import { createMachine, powerOn, prepareBoot, uploadImage } from '../../services/cli/src/demo/machine-setup.ts';
import { QemuProvider } from '../../services/inventory/src/index.ts';
import { bootAssetsMissing, buildInitramfs, kernelPath, PHONED } from '../e2e/boot/assets.ts';
import { startDnsmasq } from '../e2e/inventory/dnsmasq-boot.ts';
import { startGoldenLab } from '../e2e/inventory/golden-lab.ts';

const { values: args } = parseArgs({ options: { repeat: { type: 'string', default: '3' } } });
const REPEAT = Number(args.repeat);

/** Lines of the node image's serial console that end a phase of its boot, in order. */
const PHASES = [
  ['kernel + init', 'PADDOCK-NODE-BOOTED'],
  ['DHCP', 'PADDOCK-NODE-ADDRESS'],
  ['enrolment', 'paddock-enrol: enroll ok'],
] as const;
const phaseMs: Record<string, number[]> = {};

/**
 * Resolves with the ms from `since` until the serial log (of this boot only: see `fresh`)
 * carries the marker; notes on the way when each of the node image's phases ended.
 */
async function phonedAfter(file: string, since: number, marker = PHONED_MARKER): Promise<number> {
  const deadline = Date.now() + 240_000;
  const seen = new Map<string, number>();
  for (;;) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    for (const [phase, line] of PHASES)
      if (!seen.has(phase) && text.includes(line)) seen.set(phase, Date.now() - since);
    if (text.includes(marker)) {
      const ms = Date.now() - since;
      if (marker === PHONED_MARKER && seen.size === PHASES.length) {
        let before = 0;
        for (const [phase] of [...PHASES, ['hardware report + phone-home']] as const) {
          const end = seen.get(phase) ?? ms;
          phaseMs[phase] = [...(phaseMs[phase] ?? []), end - before];
          before = end;
        }
      }
      return ms;
    }
    if (Date.now() > deadline) throw new Error(`no ${marker} in ${file}:\n${text.slice(-2000)}`);
    await sleep(50);
  }
}
// QEMU truncates its serial log when it starts; removing it first makes a log of this boot only.
const fresh = (f: string) => rmSync(f, { force: true });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const missing = bootAssetsMissing();
if (missing) throw new Error(missing);
const images = {
  node: { kernel: kernel(), initrd: initramfs(), marker: PHONED_MARKER },
  old: { kernel: new Uint8Array(readFileSync(kernelPath())), initrd: buildInitramfs(), marker: PHONED },
};
const g = await startGoldenLab('benchgold', 97);
const times = { paddock: [] as number[], dnsmasq: [] as number[], old: [] as number[] };
try {
  const c = g.clients();
  await prepareBoot(c.boot);
  let served: keyof typeof images = 'node';
  let machine = await createMachine(c.inventory, 'bench-vm');
  const paddockSerial = join(g.dataDir, 'qemu', machine.id, 'serial.log');
  const qemu = new QemuProvider({
    stateDir: join(g.dir, 'dnsmasq-vm'),
    binary: 'qemu-system-x86_64',
    netns: g.bridge.netns,
    bridge: g.bridge.name,
    accel: 'tcg',
    ovmfCode: '/usr/share/OVMF/OVMF_CODE_4M.fd',
    ovmfVars: '/usr/share/OVMF/OVMF_VARS_4M.fd',
    log: createLogger({ name: 'bench', level: 'silent' }),
  });
  const node = () =>
    ({
      id: machine.id,
      name: machine.name,
      nics: machine.nics.map((n) => ({ mac: n.mac, vendor: '' })),
      provider: { name: 'qemu', options: machine.provider!.options },
    }) as unknown as Parameters<QemuProvider['power']>[0];
  const dnsmasqSerial = join(g.dir, 'dnsmasq-vm', machine.id, 'serial.log');

  const viaPaddock = async (image: keyof typeof images) => {
    if (served !== image) await uploadImage(c.boot, images[image].kernel, images[image].initrd);
    served = image;
    fresh(paddockSerial);
    const t0 = Date.now();
    machine = await powerOn(c.inventory, (await c.inventory.getNode({ node: machine.id })).node!);
    const ms = await phonedAfter(paddockSerial, t0, images[image].marker);
    await c.inventory.powerNode({ node: machine.id, action: PowerAction.POWER_ACTION_OFF });
    return ms;
  };
  const viaDnsmasq = async () => {
    await g.up.kill('SIGTERM', 5000);
    const started = await startDnsmasq(g.server, g.net, g.dir);
    try {
      fresh(dnsmasqSerial);
      const t0 = Date.now();
      await qemu.power(node(), 'on');
      try {
        return await phonedAfter(dnsmasqSerial, t0);
      } finally {
        await qemu.power(node(), 'off');
      }
    } finally {
      for (const p of started) await p.kill('SIGTERM', 2000);
      await g.server.exec(['ip', '-6', 'addr', 'flush', 'dev', 'eth0', 'scope', 'global']);
      await g.restart();
    }
  };
  const ways = ['paddock', 'dnsmasq', 'old'] as const;
  for (let round = 0; round < REPEAT; round++) {
    const order = ways.map((_, i) => ways[(i + round) % ways.length]!);
    for (const who of order) {
      const ms = who === 'dnsmasq' ? await viaDnsmasq() : await viaPaddock(who === 'old' ? 'old' : 'node');
      times[who].push(ms);
      console.log(`round ${round + 1}: ${who} power-on to phone-home ${(ms / 1000).toFixed(1)} s`);
    }
  }
  c.close();
} finally {
  await g.destroy();
}
const p = median(times.paddock) / 1000;
const d = median(times.dnsmasq) / 1000;
const o = median(times.old) / 1000;
console.log(`\n| machine | Paddock | dnsmasq + TFTP | Paddock / dnsmasq |\n|---|---|---|---|`);
console.log(`| BIOS, TCG, node image | ${p.toFixed(1)} s | ${d.toFixed(1)} s | ${(p / d).toFixed(2)} |`);
console.log(`\n| Paddock serving | power-on to phone-home | node image / old image |\n|---|---|---|`);
console.log(
  `| node image (generic kernel, NIC drivers, sshd, enrolment) | ${p.toFixed(1)} s | ${(p / o).toFixed(2)} |`,
);
console.log(`| old demo image (cloud kernel, virtio only) | ${o.toFixed(1)} s | |`);
console.log('\n| node image phase (Paddock rounds) | median |\n|---|---|');
for (const [phase, ms] of Object.entries(phaseMs)) console.log(`| ${phase} | ${(median(ms) / 1000).toFixed(1)} s |`);
console.log(
  `\nMedians of ${REPEAT} rounds, power-on to the phone-home line on the serial console; load ${loadavg()[0]!.toFixed(1)}.`,
);
