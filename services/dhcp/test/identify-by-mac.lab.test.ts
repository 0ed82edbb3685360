import { labSkipReason } from '@paddock/lab';
import { LeaseState } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DhcpLab, dhcpLab, hookScript, LAB_SUBNET, type RunningDhcp, startDhcp } from './lab-kit.ts';
import { waitForLine } from './wait-line.ts';

const MAC = '52:54:00:ab:10:01';

/**
 * A UEFI machine's firmware asks without option 61, then the iPXE it loads asks with one
 * (htype 1 + MAC): busybox udhcpc does both (-C sends no client id; by default it sends 01+MAC).
 * On a subnet that identifies clients by MAC the machine holds one lease.
 */
describe.skipIf(labSkipReason())('identify by MAC: one lease with and without option 61', () => {
  let l: DhcpLab;
  let dhcp: RunningDhcp;

  beforeAll(async () => {
    l = await dhcpLab('dhcp-bymac');
    dhcp = await startDhcp(l, { subnets: [{ ...LAB_SUBNET, identifyByMac: true }] });
  });
  afterAll(async () => {
    await dhcp?.close();
    await l?.destroy();
  });

  it('udhcpc without a client id, then with one, gets the same address and one lease', async () => {
    const host = await l.client('uefi', { mac: MAC });
    const log = `${l.dir}/bymac.log`;
    const script = hookScript(l.dir, 'bymac.sh', `[ "$1" = bound ] && echo "bound ip=$ip" >> ${log}; true`);
    const udhcpc = (extra: string[]) =>
      host.execOk(['udhcpc', '-f', '-q', '-n', '-i', 'eth0', '-s', script, '-t', '5', '-T', '1', ...extra], {
        timeoutMs: 20_000,
      });
    await udhcpc(['-C']);
    const first = (await waitForLine(log, /bound ip=(\S+)/))[1];
    await udhcpc([]);
    const both = (await waitForLine(log, /bound ip=\S+\n[\s\S]*bound ip=(\S+)/))[0].match(/bound ip=(\S+)/g);
    expect(both).toEqual([`bound ip=${first}`, `bound ip=${first}`]);
    const leases = await dhcp.api.listLeases({ pageSize: 1000, pageToken: '', subnetId: '', state: 0, query: '' });
    const mine = leases.leases.filter((x) => x.mac === MAC && x.state === LeaseState.LEASE_STATE_BOUND);
    expect(mine.map((x) => x.address)).toEqual([first]);
  }, 60_000);
});
