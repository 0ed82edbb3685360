import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bootConfigSchema, createBoot, resolveBootSettings } from '@paddock/boot';
import { createDhcp, subnetSchema } from '@paddock/dhcp';
import { type Host, Lab, labSkipReason } from '@paddock/lab';
import { startTestServer, type TestServer } from '@paddock/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** RFC 3004 §4 user classes: each a length byte and the class, here "paddock-lab" then "iPXE". */
const TWO_CLASSES = `0b${Buffer.from('paddock-lab').toString('hex')}04${Buffer.from('iPXE').toString('hex')}`;

/**
 * `paddock up`'s DHCP and boot services in one process, asked by a real DHCP client (busybox
 * udhcpc) that says it is a BIOS PXE client (options 60 and 93) running iPXE, among other user
 * classes (option 77 in RFC 3004 form). The boot service's rules must see iPXE there and give
 * it the script: handing iPXE the iPXE binary again is an endless chainload.
 */
describe.skipIf(labSkipReason())('netboot clients with several user classes (RFC 3004)', () => {
  let lab: Lab;
  let dir: string;
  let server: TestServer;
  let client: Host;

  beforeAll(async () => {
    lab = await Lab.create('userclass');
    dir = mkdtempSync(join(tmpdir(), 'pdk-userclass-'));
    const bridge = await lab.bridge();
    const host = await lab.host('server');
    await lab.link(host, bridge, { ifname: 'eth0', addresses: ['10.83.0.1/24'] });
    client = await lab.host('pc');
    await lab.link(client, bridge, { ifname: 'eth0', mac: '52:54:00:83:00:01' });
    const boot = createBoot(
      resolveBootSettings(bootConfigSchema.parse({ advertiseAddress: '10.83.0.1', ipxeDir: join(dir, 'no-ipxe') })),
    );
    const subnet = subnetSchema.parse({ id: 'lab', cidr: '10.83.0.0/24', pools: ['10.83.0.100-10.83.0.150'] });
    server = await startTestServer({
      name: 'up',
      dataDir: join(dir, 'data'),
      modules: [
        boot.factory,
        createDhcp({
          interfaces: ['eth0'],
          netns: host.netns,
          subnets: [subnet],
          boot: boot.provider,
          settings: { conflictDetection: { enabled: false } } as never,
        }).factory,
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await lab?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('iPXE among several user classes gets its script, not iPXE again', async () => {
    const log = join(dir, 'pc.log');
    const script = join(dir, 'pc.sh');
    writeFileSync(script, `#!/bin/sh\n[ "$1" = bound ] && echo "bootfile=$bootfile" >> ${log}\ntrue\n`);
    chmodSync(script, 0o755);
    await client.execOk(
      [
        ...['udhcpc', '-f', '-q', '-n', '-i', 'eth0', '-s', script, '-t', '5', '-T', '1'],
        ...['-V', 'PXEClient:Arch:00000:UNDI:002001', '-x', '0x5d:0000', '-x', `0x4d:${TWO_CLASSES}`],
        ...['-O', 'bootfile'],
      ],
      { timeoutMs: 20_000 },
    );
    let text = '';
    for (let i = 0; i < 50 && !text.includes('bootfile='); i++) {
      await sleep(100);
      text = readFileSync(log, { encoding: 'utf8', flag: 'a+' });
    }
    const bootfile = /bootfile=(\S*)/.exec(text)?.[1] ?? '';
    expect(bootfile, 'the boot file the DHCP answer names').toMatch(/^http:\/\/10\.83\.0\.1:\d+\/boot\/script\//);
  }, 40_000);
});
