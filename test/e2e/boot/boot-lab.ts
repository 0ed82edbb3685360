/**
 * The boot e2e lab: one bridge; "boot" runs Paddock (10.x.0.1); QEMU runs on a TAP device in
 * the switch namespace. iPXE waits ~16 s for an IPv6 router advertisement unless one comes
 * (shared/notes/pxe-lab.md): in proxy mode dnsmasq sends them, in dhcp mode the boot service
 * does (--router-advert). Everything lives in namespaces the lab made.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Host, Lab, type LabProcess, type Tap } from '@paddock/lab';
import { dnsmasqDhcpArgs } from '../dnsmasq-args.ts';
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
  /** The server's /metrics text (Prometheus). */
  metrics(): Promise<string>;
  destroy(): Promise<void>;
}

/**
 * `proxy`: dnsmasq ("dhcp" host, DHCP and RAs only) hands out addresses and paddock boot
 * answers as proxyDHCP (case 3). `dhcp`: Paddock's own DHCP service with the boot service in
 * one process (cases 1 and 2), which also answers router solicitations; no dnsmasq.
 */
export async function startBootLab(tag: string, subnet: number, mode: 'proxy' | 'dhcp' = 'proxy'): Promise<BootLab> {
  const net = `10.${subnet}.0`;
  const lab = await Lab.create(tag);
  const dir = mkdtempSync(join(tmpdir(), 'paddock-boot-e2e-'));
  try {
    const br = await lab.bridge('br0');
    const boot = await lab.host('boot');
    await lab.link(boot, br, { ifname: 'eth0', addresses: [`${net}.1/24`] });
    if (mode === 'proxy') {
      const dhcp = await lab.host('dhcp');
      await lab.link(dhcp, br, { ifname: 'eth0', addresses: [`${net}.2/24`, `fd${subnet}::2/64`] });
      dhcp.spawn([...dnsmasqDhcpArgs(net, dir), '--enable-ra', `--dhcp-range=fd${subnet}::,ra-only`]);
    }
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
      async metrics() {
        const run = JSON.parse(readFileSync(join(data, 'run', `${mode === 'proxy' ? 'boot' : 'up'}.json`), 'utf8'));
        return (await boot.execOk(['curl', '-sf', `${run.http}/metrics`])).stdout;
      },
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
