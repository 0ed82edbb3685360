/**
 * The boot e2e lab: one bridge; "boot" runs `paddock boot serve` (10.77.x.1); "dhcp" runs
 * dnsmasq as a foreign DHCP server (DHCP only, no boot options) that also sends IPv6 router
 * advertisements, so iPXE does not wait ~16 s for one (shared/notes/pxe-lab.md); QEMU runs on a
 * TAP device in the switch namespace. Everything lives in namespaces the lab made.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Host, Lab, type LabProcess, type Tap } from '@paddock/test/lab';
import { CLI_BIN } from '../paddock-process.ts';
import { buildInitramfs, kernelPath } from './assets.ts';

export interface BootLab {
  lab: Lab;
  boot: Host;
  dir: string;
  tap: Tap;
  server: LabProcess;
  /** Runs `paddock ARGS --data-dir DIR` inside the boot host; throws on failure. */
  paddock(args: string[], input?: string): Promise<string>;
  destroy(): Promise<void>;
}

/**
 * `proxy`: dnsmasq hands out addresses and paddock boot answers as proxyDHCP (case 3).
 * `dhcp`: Paddock's own DHCP service with the boot service in one process (cases 1 and 2);
 * dnsmasq then only sends router advertisements.
 */
export async function startBootLab(tag: string, subnet: number, mode: 'proxy' | 'dhcp' = 'proxy'): Promise<BootLab> {
  const net = `10.${subnet}.0`;
  const lab = await Lab.create(tag);
  const dir = mkdtempSync(join(tmpdir(), 'paddock-boot-e2e-'));
  try {
    const br = await lab.bridge('br0');
    const boot = await lab.host('boot');
    await lab.link(boot, br, { ifname: 'eth0', addresses: [`${net}.1/24`] });
    const dhcp = await lab.host('dhcp');
    await lab.link(dhcp, br, { ifname: 'eth0', addresses: [`${net}.2/24`, `fd${subnet}::2/64`] });
    dhcp.spawn([
      'dnsmasq',
      '--no-daemon',
      '--conf-file=/dev/null',
      '--port=0',
      '--user=root',
      '--interface=eth0',
      '--bind-interfaces',
      ...(mode === 'proxy' ? [`--dhcp-range=${net}.100,${net}.150,255.255.255.0,1h`] : []),
      `--dhcp-leasefile=${join(dir, 'dnsmasq.leases')}`,
      '--enable-ra',
      `--dhcp-range=fd${subnet}::,ra-only`,
      '--log-dhcp',
    ]);
    const tap = await lab.tap(br, 'tap0');
    const data = join(dir, 'data');
    const server =
      mode === 'proxy'
        ? boot.spawnNode(CLI_BIN, [
            'boot',
            'serve',
            '--interface',
            'eth0',
            '--proxy-dhcp',
            '--data-dir',
            data,
            '--insecure',
            '--grpc-listen',
            '127.0.0.1:0',
            '--http-listen',
            '127.0.0.1:0',
            '--log-level',
            'warn',
          ])
        : boot.spawnNode(join(import.meta.dirname, 'dhcp-boot-server.ts'), [data, 'eth0', net]);
    const paddock = async (args: string[], input?: string) => {
      const r = await boot.execOk(
        [process.execPath, CLI_BIN, ...args, '--data-dir', data],
        input === undefined ? {} : { input },
      );
      return r.stdout;
    };
    // Ready once a client verb gets an answer.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ok = await paddock(['boot', 'files']).then(
        () => true,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline || server.exitCode !== undefined)
        throw new Error(`paddock boot serve did not start:\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    copyFileSync(kernelPath(), join(dir, 'vmlinuz'));
    writeFileSync(join(dir, 'initrd.img'), buildInitramfs());
    await paddock(['boot', 'files', 'upload', join(dir, 'vmlinuz'), '--name', 'linux/vmlinuz']);
    await paddock(['boot', 'files', 'upload', join(dir, 'initrd.img'), '--name', 'linux/initrd.img']);
    return {
      lab,
      boot,
      dir,
      tap,
      server,
      paddock,
      async destroy() {
        await lab.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await lab.destroy();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** A kernel + initrd script whose command line carries the signed phone-home URL. */
export const LINUX_SCRIPT = `#!ipxe
kernel {{#file}}linux/vmlinuz{{/file}} initrd=initrd.img console=ttyS0 quiet panic=-1 paddock.phone={{phoneHomeUrl}}
initrd --name initrd.img {{#file}}linux/initrd.img{{/file}}
boot
`;

export interface QemuRun {
  code: number;
  serial: string;
  ms: number;
}

/** Boots a VM on the lab's TAP (BIOS with iPXE's ROM, or OVMF) and waits for it to power off. */
export async function runQemu(
  bl: BootLab,
  opts: { uefi: boolean; mac: string; timeoutMs: number; httpBootOnly?: boolean },
): Promise<QemuRun> {
  const serial = join(bl.dir, `serial-${opts.mac.replaceAll(':', '')}.log`);
  const firmware: string[] = [];
  if (opts.uefi) {
    const vars = join(bl.dir, 'OVMF_VARS.fd');
    copyFileSync('/usr/share/OVMF/OVMF_VARS_4M.fd', vars);
    firmware.push(
      '-machine',
      'q35',
      '-drive',
      'if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd',
      '-drive',
      `if=pflash,format=raw,file=${vars}`,
    );
    // Leaves OVMF only UEFI HTTP boot (shared/notes/pxe-lab.md).
    if (opts.httpBootOnly) {
      firmware.push(
        '-fw_cfg',
        'opt/org.tianocore/IPv4PXESupport,string=n',
        '-fw_cfg',
        'opt/org.tianocore/IPv6PXESupport,string=n',
      );
    }
  }
  // romfile= (empty) under OVMF: the firmware's own PXE client, not iPXE's ROM.
  const nic = `virtio-net-pci,netdev=n0,mac=${opts.mac}${opts.uefi ? ',romfile=' : ''}`;
  const started = Date.now();
  const qemu = bl.tap.host.spawn([
    'qemu-system-x86_64',
    '-accel',
    'tcg',
    '-m',
    '512',
    '-smp',
    '2',
    '-nographic',
    '-vga',
    'none',
    '-monitor',
    'none',
    '-serial',
    `file:${serial}`,
    '-no-reboot',
    '-boot',
    'n',
    ...firmware,
    '-netdev',
    `tap,id=n0,ifname=${bl.tap.name},script=no,downscript=no`,
    '-device',
    nic,
  ]);
  const timer = setTimeout(() => void qemu.kill('SIGKILL'), opts.timeoutMs);
  const code = await qemu.exited;
  clearTimeout(timer);
  const { readFileSync } = await import('node:fs');
  let text = '';
  try {
    text = readFileSync(serial, 'utf8');
  } catch {
    // QEMU never started writing
  }
  return { code, serial: text + qemu.output(), ms: Date.now() - started };
}
