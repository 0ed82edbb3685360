/**
 * `paddock backup` of a data dir while `paddock up` answers perfdhcp and simulated clients, then
 * `paddock restore` into an empty dir: every lease ACKed before the backup began is there with
 * its address. A lease is committed before its ACK leaves (group-commit.ts), so "ACKed before
 * the backup started" is exact: those leases must be in the snapshot; later ones may be.
 * A damaged or foreign backup is refused with a clear error and leaves the target as it was.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LabProcess, labSkipReason, run } from '@paddock/lab';
import { numberToIPv4 } from '@paddock/wire';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DhcpLab, dhcpLab } from './lab-kit.ts';
import { LoadClients } from './load-clients.ts';

const CLI = join(import.meta.dirname, '..', '..', 'cli', 'bin', 'paddock.js');
const SERVER = '10.77.0.1';
/** The CLI as an operator runs it, without blocking this process (the simulated clients keep going). */
const paddock = (args: string[], passphrase = 'correct horse battery') =>
  run([process.execPath, CLI, ...args], { env: { PADDOCK_BACKUP_PASSPHRASE: passphrase }, timeoutMs: 60_000 });

/** MAC -> address of every bound lease in a dhcp.db, read with SQLite (not through Paddock). */
function bound(db: string): Map<string, string> {
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const rows = d.prepare("SELECT mac, address FROM lease WHERE state = 'bound'").all() as {
      mac: string;
      address: number;
    }[];
    return new Map(rows.map((r) => [r.mac, numberToIPv4(r.address)]));
  } finally {
    d.close();
  }
}

describe.skipIf(labSkipReason())('paddock backup under DHCP load, paddock restore', () => {
  let l: DhcpLab;
  let up: LabProcess;
  const data = () => join(l.dir, 'data');

  beforeAll(async () => {
    l = await dhcpLab('dhcp-backup');
    up = l.server.spawnNode(CLI, [
      ...['up', '--interface', 'eth0', '--subnet', '10.77.0.0/16', '--range', '10.77.1.0-10.77.255.250'],
      ...['--data-dir', data(), '--insecure', '--grpc-listen', '127.0.0.1:0', '--http-listen', '127.0.0.1:0'],
    ]);
    await up.waitForOutput(/paddock listening/, 60_000);
  }, 90_000);
  afterAll(async () => {
    await up?.kill();
    await l?.destroy();
  });

  it('a backup taken mid-load restores every lease ACKed before it began', async () => {
    const perfHost = await l.lab.host('perf');
    await l.lab.link(perfHost, l.bridge, { ifname: 'eth0', addresses: ['10.77.0.20/24'] });
    const perf = perfHost.exec(
      [
        'perfdhcp',
        '-4',
        '-l',
        'eth0',
        '-r',
        '150',
        '-p',
        '6',
        '-R',
        '100000',
        '-b',
        'mac=00:0c:01:00:00:00',
        '-W',
        '1000000',
        SERVER,
      ],
      { timeoutMs: 30_000 },
    );
    void perf.catch(() => {});
    const simHost = await l.lab.host('sim');
    await l.lab.link(simHost, l.bridge, { ifname: 'eth0', addresses: ['10.77.0.30/24'] });
    const sim = new LoadClients({
      netns: simHost.netns,
      ifname: 'eth0',
      giaddr: '10.77.0.30',
      server: SERVER,
      // Enough that clients still come after the backup on a quiet machine too (the run stops 2 s after it).
      clients: 6000,
      window: 16,
    });
    try {
      // Let the load run a while, then back up while both keep going.
      await sim.run(20_000, () => sim.acks.length >= 300);
      let finishedAt = Number.POSITIVE_INFINITY;
      // The clients keep coming during the backup and for 2 s after it.
      const simRun = sim.run(40_000, () => Date.now() > finishedAt + 2000);
      const startedAt = Date.now();
      const before = bound(join(data(), 'dhcp.db'));
      const out = join(l.dir, 'site.backup');
      const backup = await paddock(['backup', '--data-dir', data(), '--out', out]);
      finishedAt = Date.now();
      expect(backup.stderr).toBe('');
      expect(backup.stdout).toMatch(/^backed up \d+ files of /);
      await simRun;
      const report = (await perf).stdout;

      const target = join(l.dir, 'restored');
      const restore = await paddock(['restore', '--in', out, '--data-dir', target]);
      expect(restore.stderr).toBe('');
      expect(restore.stdout).toMatch(/^restored \d+ files from /);
      const restored = bound(join(target, 'dhcp.db'));

      // Every simulated client's lease ACKed before `paddock backup` started, with its address.
      const ackedBefore = sim.acks.filter((a) => a.at < startedAt);
      const missing = ackedBefore.filter((a) => restored.get(a.mac) !== a.address);
      expect(missing).toEqual([]);
      // Every lease the server held when the backup started (perfdhcp's clients among them).
      const lost = [...before].filter(([mac, address]) => restored.get(mac) !== address);
      expect(lost).toEqual([]);
      const perfBefore = [...before.keys()].filter((m) => m.startsWith('00:0c:')).length;
      const perfAcks = Number(/REQUEST-ACK[\s\S]*?received packets: (\d+)/.exec(report)?.[1]);
      // The snapshot is a point in time: clients ACKed well after the backup ended are not in it.
      const later = sim.acks.filter((a) => a.at > finishedAt + 1000);
      console.log(
        `backup took ${finishedAt - startedAt} ms under load; simulated: ${ackedBefore.length} ACKed before ` +
          `(all restored), ${sim.acks.length} in all; perfdhcp: ${perfAcks} ACKs in 6 s, ${perfBefore} of its ` +
          `leases held when the backup began (all restored); ${restored.size} bound leases restored`,
      );
      // The load ran before the backup (the first run stopped at 300 ACKs; one may share its ms with startedAt).
      expect(ackedBefore.length).toBeGreaterThan(250);
      expect(perfBefore).toBeGreaterThan(50);
      expect(later.length).toBeGreaterThan(0);
      expect(later.filter((a) => restored.has(a.mac))).toEqual([]);
    } finally {
      sim.close();
    }
  }, 60_000);

  it("a damaged, foreign or other site's backup is refused with a clear error; the target stays as it was", async () => {
    const good = readFileSync(join(l.dir, 'site.backup'));
    const damaged = Buffer.from(good);
    damaged[damaged.length - 10]! ^= 0x40;
    const absent = (name: string) => join(l.dir, `absent-${name}`);
    /** An empty target stays empty; an absent one is not created. */
    const empty = (name: string) => {
      mkdirSync(join(l.dir, `empty-${name}`));
      return join(l.dir, `empty-${name}`);
    };
    const cases: [string, Buffer, string, string, RegExp][] = [
      [
        'damaged',
        damaged,
        absent('damaged'),
        'correct horse battery',
        /cannot open the backup: wrong passphrase, or the file is damaged or truncated/,
      ],
      [
        'truncated',
        good.subarray(0, good.length >> 1),
        empty('truncated'),
        'correct horse battery',
        /damaged or truncated/,
      ],
      [
        'foreign',
        readFileSync(join(data(), 'dhcp.db')),
        empty('foreign'),
        'correct horse battery',
        /not a Paddock backup/,
      ],
      ['other-site', good, absent('other-site'), 'another site', /wrong passphrase/],
    ];
    const results = await Promise.all(
      cases.map(([name, bytes, target, passphrase]) => {
        const file = join(l.dir, `${name}.backup`);
        writeFileSync(file, bytes);
        return paddock(['restore', '--in', file, '--data-dir', target], passphrase);
      }),
    );
    for (const [i, [name, , target, , message]] of cases.entries()) {
      const r = results[i]!;
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toMatch(message);
      expect(r.stderr, name).not.toMatch(/\n\s+at /);
      if (target.includes('absent-')) expect(existsSync(target), name).toBe(false);
      else expect(readdirSync(target), name).toEqual([]);
    }
    expect(readdirSync(l.dir).filter((f) => f.includes('.restore-'))).toEqual([]);
  }, 60_000);
});
