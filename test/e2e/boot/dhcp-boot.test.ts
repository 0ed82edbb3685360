import { labSkipReason } from '@paddock/test/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootAssetsMissing, MARKER, PHONED } from './assets.ts';
import { type BootLab, LINUX_SCRIPT, runQemu, startBootLab } from './boot-lab.ts';

const skip = labSkipReason() ?? (process.getuid?.() === 0 || process.env['CI'] ? bootAssetsMissing() : 'not root');

/**
 * Issue #4 cases 1 and 2: Paddock's DHCP service and boot service together; the DHCP service
 * asks the boot service for each netboot client's answer, so the rules live in one place.
 */
describe.skipIf(skip)('paddock dhcp + paddock boot, real firmware', () => {
  let bl: BootLab;
  const events = async (mac: string) =>
    JSON.parse(`[${(await bl.paddock(['boot', 'events', '--mac', mac, '--json'])).replace(/}\n{/g, '},{')}]`) as {
      kind: string;
      file: string;
      detail: string;
    }[];

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
  }, 120_000);

  // OVMF's own PXE client refuses the DHCP service's offer today ("PXE-E16: No valid offer"):
  // without option 43 EDK2 takes a PXEClient offer for a BINL offer and asks port 4011 for the
  // file. That is the DHCP reply's to fix (see the boot service README); the UEFI case runs
  // through UEFI HTTP boot meanwhile, which the same rules answer with a URL.
  it('case 2: UEFI (OVMF) HTTP boot gets ipxe.efi by URL, then iPXE boots Linux', async () => {
    const mac = '52:54:00:82:00:02';
    const run = await runQemu(bl, { uefi: true, mac, timeoutMs: 110_000, httpBootOnly: true });
    expect(run.serial, run.serial.slice(-3000)).toContain(MARKER);
    expect(run.serial).toContain(PHONED);
    console.log(`case 2 UEFI HTTP boot + paddock dhcp: powered off after ${(run.ms / 1000).toFixed(1)} s`);
    const ev = await events(mac);
    expect(ev.find((e) => e.kind === 'BOOT_EVENT_KIND_HTTP_FETCH')).toMatchObject({ file: 'ipxe.efi' });
    expect(ev.at(-1)?.kind).toBe('BOOT_EVENT_KIND_PHONE_HOME');
  }, 150_000);
});
