import { join } from 'node:path';
import { type LabProcess, labSkipReason } from '@paddock/lab';
import { openDatabase } from '@paddock/runtime';
import { numberToIPv4 } from '@paddock/wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/store/migrations.ts';
import { type DhcpLab, dhcpLab, hookScript, type RunningDhcp, SERVER_IP, startDhcp } from './lab-kit.ts';
import { doubleHanded, LoadClients } from './load-clients.ts';
import { waitForLine } from './wait-line.ts';

const SERVER = join(import.meta.dirname, 'dhcp-process.ts');

/** client MAC -> address of every bound lease row in the data dir's database. */
function boundRows(dataDir: string): Map<string, string> {
  const db = openDatabase(join(dataDir, 'dhcp.db'), { migrations: MIGRATIONS });
  try {
    const rows = db.prepare("SELECT mac, address FROM lease WHERE state = 'bound'").all() as {
      mac: string;
      address: number;
    }[];
    return new Map(rows.map((r) => [r.mac, numberToIPv4(r.address)]));
  } finally {
    db.close();
  }
}

describe.skipIf(labSkipReason())('many clients at once, and kill -9 under load', () => {
  let l: DhcpLab;

  beforeAll(async () => {
    l = await dhcpLab('dhcp-load');
  });
  afterAll(async () => {
    await l?.destroy();
  });

  it('thirty udhcpc clients starting together each get their own address', async () => {
    let dhcp: RunningDhcp | undefined;
    try {
      dhcp = await startDhcp(l, {}, join(l.dir, 'many'));
      const host = await l.lab.host('many');
      const log = join(l.dir, 'many.log');
      const script = hookScript(l.dir, 'many.sh', `[ "$1" = bound ] && echo "$interface $ip" >> ${log}; true`);
      const ifs = Array.from({ length: 30 }, (_, i) => `m${i}`);
      for (const ifname of ifs) await l.lab.link(host, l.bridge, { ifname });
      const runs = ifs.map((i) =>
        host.execOk(['udhcpc', '-f', '-q', '-n', '-i', i, '-s', script, '-t', '8', '-T', '1'], { timeoutMs: 30_000 }),
      );
      await Promise.all(runs);
      const lines = (await waitForLine(log, /(?:.*\n){30}/))[0].trim().split('\n');
      const byIf = new Map(lines.map((x) => x.split(' ') as [string, string]));
      expect(byIf.size).toBe(30);
      expect(new Set(byIf.values()).size).toBe(30);
      const { leases } = await dhcp.api.listLeases({ pageSize: 100, pageToken: '', subnetId: '', state: 1, query: '' });
      expect(leases.length).toBe(30);
      expect(new Set(leases.map((x) => x.address))).toEqual(new Set(byIf.values()));
    } finally {
      await dhcp?.close();
    }
  }, 60_000);

  it('after SIGKILL under load and a restart, every ACKed lease is kept and no address has two clients', async () => {
    const dataDir = join(l.dir, 'killed');
    const load = await l.lab.host('load');
    await l.lab.link(load, l.bridge, { ifname: 'eth0', addresses: ['10.77.0.2/24'] });
    const start = async (): Promise<LabProcess> => {
      const p = l.server.spawnNode(SERVER, [dataDir, 'eth0', '10.77.0.0/21', '10.77.1.0-10.77.7.250']);
      await p.waitForOutput(/dhcp listening/, 20_000);
      return p;
    };
    const clients = new LoadClients({
      netns: load.netns,
      ifname: 'eth0',
      giaddr: '10.77.0.2',
      server: SERVER_IP,
      clients: 1500,
      window: 128,
    });
    try {
      let server = await start();
      // Kill it mid-stream: once 400 clients have their ACK, hundreds more are in flight.
      await clients.run(30_000, () => clients.acks.length >= 400);
      expect(await server.kill('SIGKILL')).toBe(137);
      const before = clients.bound();
      expect(before.size).toBeGreaterThanOrEqual(400);
      // Straight from the disk, before anything else runs: every ACK sent is a committed row.
      const durable = boundRows(dataDir);
      for (const [mac, address] of before) expect(durable.get(mac), `lease of ${mac}`).toBe(address);

      server = await start();
      clients.reboot();
      await clients.run(60_000);
      expect(clients.done).toBe(true);
      await server.kill('SIGTERM');

      // Every client that had an ACK before the kill got the same address back (INIT-REBOOT ACK).
      const after = clients.bound();
      for (const [mac, address] of before) expect(after.get(mac), mac).toBe(address);
      expect(clients.naks.filter((n) => before.has(n.mac))).toEqual([]);
      expect(doubleHanded(clients.acks)).toEqual([]);
      expect(new Set(after.values()).size).toBe(1500);
      // And the database agrees: one bound row per client, each at the address it was given.
      expect(boundRows(dataDir)).toEqual(after);
    } finally {
      clients.close();
    }
  }, 120_000);
});
