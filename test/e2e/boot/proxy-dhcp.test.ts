import { labSkipReason } from '@paddock/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootAssetsMissing, MARKER, PHONED } from './assets.ts';
import { type BootLab, LINUX_SCRIPT, startBootLab } from './boot-lab.ts';
import { runQemu } from './qemu-run.ts';

const skip = labSkipReason() ?? (process.getuid?.() === 0 || process.env['CI'] ? bootAssetsMissing() : 'not root');
if (skip && process.getuid?.() === 0) console.warn(`boot e2e skipped: ${skip}`);

interface Event {
  kind: string;
  mac: string;
  file: string;
  bytes: string;
  detail: string;
  rule: string;
}

/**
 * Issue #4 case 3: a DHCP server we do not control (dnsmasq, DHCP only) hands out addresses,
 * `paddock boot serve --proxy-dhcp` tells the firmware how to boot, and real firmware under
 * QEMU boots a real Linux kernel whose initramfs phones home.
 */
describe.skipIf(skip)('proxyDHCP next to a foreign DHCP server, real firmware', () => {
  let bl: BootLab;
  const events = async (mac: string): Promise<Event[]> =>
    JSON.parse(`[${(await bl.paddock(['boot', 'events', '--mac', mac, '--json'])).replace(/}\n{/g, '},{')}]`);

  beforeAll(async () => {
    bl = await startBootLab('bootproxy', 81);
    await bl.paddock(['boot', 'scripts', 'put', 'linux', '-'], LINUX_SCRIPT);
    await bl.paddock(
      ['boot', 'rules', 'put', '-'],
      JSON.stringify({
        name: 'lab-linux',
        priority: 10,
        match: { ipxe: 'yes', macs: ['52:54:00:*'] },
        action: { kind: 'script', script: 'linux' },
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await bl?.destroy();
  });

  it('BIOS with the iPXE ROM boots Linux, which phones home', async () => {
    const mac = '52:54:00:81:00:01';
    const run = await runQemu(bl, { uefi: false, mac, timeoutMs: 90_000 });
    expect(run.serial, run.serial.slice(-3000)).toContain(MARKER);
    expect(run.serial).toContain(PHONED);
    console.log(`BIOS iPXE via proxyDHCP: powered off after ${(run.ms / 1000).toFixed(1)} s`);
    const ev = await events(mac);
    const kinds = ev.map((e) => e.kind);
    expect(kinds).toContain('BOOT_EVENT_KIND_PROXY_OFFER');
    expect(ev.find((e) => e.kind === 'BOOT_EVENT_KIND_SCRIPT_RENDERED')).toMatchObject({
      rule: 'lab-linux',
      file: 'linux',
    });
    const fetched = ev.filter((e) => e.kind === 'BOOT_EVENT_KIND_HTTP_FETCH').map((e) => e.file);
    expect(fetched).toEqual(expect.arrayContaining(['linux/vmlinuz', 'linux/initrd.img']));
    expect(ev.at(-1)).toMatchObject({ kind: 'BOOT_EVENT_KIND_PHONE_HOME', detail: 'up' });
  }, 120_000);

  it('UEFI firmware PXE fetches ipxe.efi over TFTP, then iPXE boots Linux', async () => {
    const mac = '52:54:00:81:00:02';
    const run = await runQemu(bl, { uefi: true, mac, timeoutMs: 110_000 });
    expect(run.serial, run.serial.slice(-3000)).toContain(MARKER);
    expect(run.serial).toContain(PHONED);
    console.log(`UEFI PXE -> ipxe.efi via proxyDHCP: powered off after ${(run.ms / 1000).toFixed(1)} s`);
    const ev = await events(mac);
    const tftp = ev.find((e) => e.kind === 'BOOT_EVENT_KIND_TFTP_COMPLETE' && e.detail !== 'size probe');
    expect(tftp).toMatchObject({ file: 'ipxe.efi' });
    expect(Number(tftp?.bytes)).toBeGreaterThan(500_000);
    expect(ev.at(-1)).toMatchObject({ kind: 'BOOT_EVENT_KIND_PHONE_HOME' });
  }, 150_000);
});
