import { labSkipReason } from '@paddock/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootAssetsMissing, MARKER, PHONED } from './assets.ts';
import { type BootLab, LINUX_SCRIPT, startBootLab } from './boot-lab.ts';
import { runQemu } from './qemu-run.ts';

const skip = labSkipReason() ?? (process.getuid?.() === 0 || process.env['CI'] ? bootAssetsMissing() : 'not root');

/**
 * Issue #4 cases 1 and 2: Paddock's DHCP service and boot service together; the DHCP service
 * asks the boot service for each netboot client's answer, so the rules live in one place. No
 * other server is on the link: the boot service's router advertisements (--router-advert) are
 * what keep iPXE from waiting ~16 s for an IPv6 router.
 */
describe.skipIf(skip)('paddock dhcp + paddock boot, real firmware', () => {
  let bl: BootLab;
  const events = async (mac: string) =>
    JSON.parse(`[${(await bl.paddock(['boot', 'events', '--mac', mac, '--json'])).replace(/}\n{/g, '},{')}]`) as {
      kind: string;
      file: string;
      bytes: string;
      detail: string;
    }[];

  /** Advertisements the service sent, by trigger, from /metrics. */
  const adverts = async (trigger: string) =>
    Number(
      (await bl.metrics()).match(
        new RegExp(`^paddock_boot_router_adverts_total\\{trigger="${trigger}"\\} (\\d+)`, 'm'),
      )?.[1] ?? 0,
    );

  beforeAll(async () => {
    bl = await startBootLab('bootdhcp', 82, 'dhcp');
    await bl.paddock(['boot', 'scripts', 'put', 'linux', '-'], LINUX_SCRIPT);
    await bl.paddock(
      ['boot', 'rules', 'put', '-'],
      JSON.stringify({
        name: 'lab-linux',
        priority: 10,
        match: { ipxe: 'yes' },
        action: { kind: 'script', script: 'linux' },
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await bl?.destroy();
  });

  it('case 1: BIOS with the iPXE ROM gets its script from the DHCP answer and boots Linux', async () => {
    const mac = '52:54:00:82:00:01';
    const run = await runQemu(bl, { uefi: false, mac, timeoutMs: 90_000 });
    expect(run.serial, run.serial.slice(-3000)).toContain(MARKER);
    expect(run.serial).toContain(PHONED);
    console.log(`case 1 BIOS iPXE + paddock dhcp: powered off after ${(run.ms / 1000).toFixed(1)} s`);
    const kinds = (await events(mac)).map((e) => e.kind);
    expect(kinds).toContain('BOOT_EVENT_KIND_DHCP_ANSWER');
    expect(kinds).not.toContain('BOOT_EVENT_KIND_PROXY_OFFER');
    expect(kinds.at(-1)).toBe('BOOT_EVENT_KIND_PHONE_HOME');
    // iPXE's solicitation was answered; the answer gave it no IPv6 address or route.
    expect(await adverts('solicited')).toBeGreaterThan(0);
    expect(run.serial).not.toMatch(/net0: \S+ gw /);
  }, 120_000);

  it('case 2: UEFI (OVMF) HTTP boot gets ipxe.efi by URL, then iPXE boots Linux', async () => {
    const mac = '52:54:00:82:00:02';
    const run = await runQemu(bl, { uefi: true, mac, timeoutMs: 110_000, uefiBoot: 'http' });
    expect(run.serial, run.serial.slice(-3000)).toContain(MARKER);
    expect(run.serial).toContain(PHONED);
    console.log(`case 2 UEFI HTTP boot + paddock dhcp: powered off after ${(run.ms / 1000).toFixed(1)} s`);
    const ev = await events(mac);
    expect(ev.find((e) => e.kind === 'BOOT_EVENT_KIND_HTTP_FETCH')).toMatchObject({ file: 'ipxe.efi' });
    expect(ev.at(-1)?.kind).toBe('BOOT_EVENT_KIND_PHONE_HOME');
  }, 150_000);

  // OVMF's own PXE client once refused the DHCP service's offer ("PXE-E16: No valid offer"):
  // without option 43 EDK2 took the PXEClient offer for a BINL offer and asked port 4011. The
  // offer now carries 43 sub-option 6 = 0x08 (boot the file in this offer), and OVMF boots that
  // way here; case 2 is UEFI HTTP boot, which the same rules answer with a URL.
  it('case 2b: UEFI (OVMF) firmware PXE gets ipxe.efi over TFTP from the DHCP answer, then boots Linux', async () => {
    const mac = '52:54:00:82:00:03';
    // HTTP boot cannot be switched off in OVMF: a rule ignores it for this machine instead, so
    // only firmware PXE can succeed.
    await bl.paddock(
      ['boot', 'rules', 'put', '-'],
      JSON.stringify({
        name: 'pxe-only',
        priority: 5,
        match: { macs: [mac], archs: ['efi-x64-http'] },
        action: { kind: 'ignore' },
      }),
    );
    const run = await runQemu(bl, { uefi: true, mac, timeoutMs: 110_000, uefiBoot: 'pxe4' });
    expect(run.serial, run.serial.slice(-3000)).toContain('>>Start PXE over IPv4');
    expect(run.serial).not.toContain('PXE-E');
    expect(run.serial).toContain(MARKER);
    expect(run.serial).toContain(PHONED);
    console.log(`case 2b UEFI firmware PXE + paddock dhcp: powered off after ${(run.ms / 1000).toFixed(1)} s`);
    const ev = await events(mac);
    const tftp = ev.find((e) => e.kind === 'BOOT_EVENT_KIND_TFTP_COMPLETE' && e.detail !== 'size probe');
    expect(tftp).toMatchObject({ file: 'ipxe.efi' });
    expect(Number(tftp?.bytes)).toBeGreaterThan(500_000);
    expect(ev.filter((e) => e.kind === 'BOOT_EVENT_KIND_DHCP_ANSWER').map((e) => e.detail)).toEqual(
      expect.arrayContaining(['efi-x64', 'efi-x64 iPXE']),
    );
    expect(ev.at(-1)?.kind).toBe('BOOT_EVENT_KIND_PHONE_HOME');
  }, 150_000);
});
