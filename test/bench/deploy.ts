/**
 * Deploy benchmark: the same five steps (three files, two commands) on N lab hosts that run
 * Debian sshd, driven three ways in the same run:
 *   - the engine with hosts in parallel (limit N), first run (everything changes) and second
 *     run (nothing changes; every step is only checked);
 *   - the engine one host at a time (limit 1);
 *   - a plain loop of `ssh host 'command'` (one connection per command, no checks, no
 *     multiplexing), as a shell script would do it, with the same certificate and known_hosts.
 *
 *   node test/bench/deploy.ts [--hosts 20]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  fileStep,
  knownHostsFile,
  runDeployment,
  type StepSet,
  shellStep,
  type Target,
} from '../../deployers/core/src/index.ts';
import { SshLab } from '../../deployers/core/test/ssh-lab.ts';

const { values: args } = parseArgs({ options: { hosts: { type: 'string', default: '20' } } });
const N = Number(args.hosts);
const names = Array.from({ length: N }, (_, i) => `h${String(i + 1).padStart(2, '0')}`);

const content = (t: Target, i: number) => `${t.name} file ${i}\n${'x'.repeat(2000)}\n`;
const stepsOf = (t: Target) => [
  ...[1, 2, 3].map((i) => fileStep({ id: `file${i}`, path: `/etc/paddock/bench/f${i}`, content: content(t, i) })),
  shellStep({
    id: 'dir',
    title: 'state dir',
    check: 'test -d /var/lib/paddock/bench',
    apply: 'mkdir -p /var/lib/paddock/bench',
  }),
  shellStep({
    id: 'stamp',
    title: 'stamp',
    check: 'test -e /var/lib/paddock/bench/stamp',
    apply: 'date > /var/lib/paddock/bench/stamp',
  }),
];
const set = (targets: Target[]): StepSet => ({
  name: 'bench',
  stages: [{ name: 'bench', hosts: targets, steps: stepsOf }],
});

const l = await SshLab.create('bench-deploy', names);
const reset = () => {
  for (const h of l.hosts) {
    rmSync(join(h.sshd.root, 'etc/paddock/bench'), { recursive: true, force: true });
    rmSync(join(h.sshd.root, 'var/lib/paddock/bench'), { recursive: true, force: true });
  }
};
const time = async (what: string, fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  const s = (performance.now() - t0) / 1000;
  console.log(`${what.padEnd(40)} ${s.toFixed(2)} s`);
  return s;
};

try {
  const targets = l.targets();
  const engine = async (limit: number) => {
    const t = await l.transport(targets);
    try {
      const r = await runDeployment(set(targets), t, { limit });
      if (!r.ok) throw new Error(JSON.stringify(r.failures.slice(0, 3)));
      return r;
    } finally {
      await t.close();
    }
  };
  reset();
  const parallel = await time(`engine, parallel (limit ${N})`, () => engine(N));
  const again = await time('engine, parallel, second run (no change)', () => engine(N));
  reset();
  const sequential = await time('engine, one host at a time', () => engine(1));

  // The plain loop: the same key pair and certificate kind, the same trust, one ssh per command.
  const dir = mkdtempSync('/tmp/pdk-bench-');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'id')]);
  writeFileSync(
    join(dir, 'id-cert.pub'),
    await l.authority.userCertificate(readFileSync(join(dir, 'id.pub'), 'utf8'), ['root'], 3600),
  );
  const ca = await l.authority.hostCa();
  writeFileSync(join(dir, 'known_hosts'), knownHostsFile(ca.line, targets));
  const ssh = (t: Target, command: string, input?: string) => {
    const r = spawnSync(
      'ip',
      [
        'netns',
        'exec',
        l.ctl.netns,
        'ssh',
        '-F',
        '/dev/null',
        '-i',
        join(dir, 'id'),
        '-o',
        `CertificateFile=${join(dir, 'id-cert.pub')}`,
        '-o',
        `UserKnownHostsFile=${join(dir, 'known_hosts')}`,
        '-o',
        'StrictHostKeyChecking=yes',
        '-o',
        'BatchMode=yes',
        `root@${t.address}`,
        command,
      ],
      { input: input ?? '' },
    );
    if (r.status !== 0) throw new Error(`${t.name}: ${r.stderr}`);
  };
  reset();
  const loop = await time('plain ssh loop (one ssh per command)', async () => {
    for (const t of targets) {
      for (const i of [1, 2, 3]) ssh(t, `mkdir -p /etc/paddock/bench && cat > /etc/paddock/bench/f${i}`, content(t, i));
      ssh(t, 'mkdir -p /var/lib/paddock/bench');
      ssh(t, 'date > /var/lib/paddock/bench/stamp');
    }
  });
  rmSync(dir, { recursive: true, force: true });
  console.log(`\n${N} hosts x 5 steps (load average ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]})`);
  console.log(`sequential / parallel:        ${(sequential / parallel).toFixed(2)}x`);
  console.log(`plain ssh loop / parallel:    ${(loop / parallel).toFixed(2)}x`);
  console.log(
    `plain ssh loop / sequential:  ${(loop / sequential).toFixed(2)}x (the engine also checks before and after each apply)`,
  );
  console.log(`second run / first run:       ${(again / parallel).toFixed(2)}x`);
} finally {
  await l.destroy();
}
