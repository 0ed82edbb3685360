/**
 * The Debian package as an operator meets it: scripts/build-deb.sh builds it, its contents are
 * complete, and its own runtime runs the bundled CLI and a DHCP server as an unprivileged user
 * given only the capabilities its unit grants (and names the one missing without them).
 * The debootstrap / systemd install run is longer and manual: see packaging/README.md.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { labSkipReason } from '@paddock/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'paddock-deb-'));
const tree = join(work, 'root');
let deb = '';

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });
const pick = (r: { status: number | null; stderr: string }) => ({ status: r.status, stderr: r.stderr });
/** The packaged paddock run as `nobody`, with the given ambient capabilities. */
function asNobody(caps: string[], args: string[]): ChildProcess {
  const capArgs = caps.length
    ? [`--inh-caps=${caps.map((c) => `+${c}`).join(',')}`, `--ambient-caps=${caps.map((c) => `+${c}`).join(',')}`]
    : ['--inh-caps=-all'];
  const node = join(tree, 'usr/lib/paddock/node/bin/node');
  const main = join(tree, 'usr/lib/paddock/services/cli/dist/paddock.mjs');
  return spawn('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', ...capArgs, node, main, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
async function output(child: ChildProcess, until: (text: string) => boolean, ms = 60_000): Promise<string> {
  let text = '';
  child.stdout?.on('data', (b: Buffer) => (text += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (text += b.toString()));
  const deadline = Date.now() + ms;
  while (!until(text) && child.exitCode === null && Date.now() < deadline) await delay(100);
  return text;
}

describe.skipIf(labSkipReason())('the Debian package', () => {
  beforeAll(() => {
    const out = sh('bash', [join(ROOT, 'scripts/build-deb.sh'), '--out', work, '--version', '0.1.0+test1']);
    deb = out.trim().split('\n').at(-1) as string;
    sh('dpkg-deb', ['-x', deb, tree]);
    chmodSync(work, 0o755);
  }, 600_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('names itself and carries the runtime, the app, units, man pages and its configuration', () => {
    const info = sh('dpkg-deb', ['-f', deb, 'Package', 'Version', 'Architecture']);
    expect(info).toBe('Package: paddock\nVersion: 0.1.0+test1\nArchitecture: amd64\n');
    const files = sh('dpkg-deb', ['-c', deb]);
    for (const f of [
      './usr/bin/paddock',
      './usr/lib/paddock/node/bin/node',
      './usr/lib/paddock/services/cli/dist/paddock.mjs',
      './usr/lib/paddock/services/cli/node_modules/better-sqlite3/prebuilds/linux-x64.node',
      './usr/lib/paddock/web/dist/index.html',
      './usr/lib/systemd/system/paddock.service',
      './usr/lib/systemd/system/paddock-dhcp.service',
      './usr/share/man/man1/paddock.1.gz',
      './usr/share/man/man5/paddock.yaml.5.gz',
      './etc/paddock/paddock.yaml',
      './usr/share/paddock/monitoring/paddock-alerts.yml',
    ]) {
      expect(files).toContain(f);
    }
    expect(sh('dpkg-deb', ['-I', deb, 'conffiles'])).toBe('/etc/paddock/paddock.yaml\n');
    const unit = readFileSync(join(tree, 'usr/lib/systemd/system/paddock.service'), 'utf8');
    expect(unit).toMatch(/^User=paddock$/m);
    expect(unit).toMatch(/^ProtectSystem=strict$/m);
    expect(unit).toMatch(/^Type=notify$/m);
    expect(unit).not.toContain('.include-sandbox');
    const man = sh('man', ['-l', '-Tutf8', join(tree, 'usr/share/man/man1/paddock.1.gz')]);
    expect(man).toContain('paddock dhcp serve');
  });

  it('has units systemd-analyze verify finds nothing wrong with (and it would say so)', () => {
    // verify needs the targets the units refer to: the host's units beside the package's.
    sh('cp', ['-rn', '/usr/lib/systemd/system/.', join(tree, 'usr/lib/systemd/system/')]);
    const verify = (unit: string) =>
      spawnSync('systemd-analyze', ['verify', '--man=no', `--root=${tree}`, `/usr/lib/systemd/system/${unit}`], {
        encoding: 'utf8',
        env: { ...process.env, SYSTEMD_LOG_LEVEL: 'notice' },
      });
    const units = sh('ls', [join(tree, 'usr/lib/systemd/system')])
      .split('\n')
      .filter((u) => /^paddock.*\.service$/.test(u));
    expect(units).toHaveLength(5);
    for (const unit of units) expect({ unit, ...pick(verify(unit)) }).toEqual({ unit, status: 0, stderr: '' });
    // A unit with a mistake in it, to show the check sees one.
    const bad = join(tree, 'usr/lib/systemd/system/paddock-mistake.service');
    writeFileSync(bad, '[Service]\nExecStart=/usr/bin/paddock up\nAmbientCapabilitie=CAP_NET_RAW\n');
    expect(verify('paddock-mistake.service').stderr).toMatch(/Unknown key 'AmbientCapabilitie'/);
    rmSync(bad);
  });

  it('refuses a downgrade before unpacking, saying what to do', () => {
    const control = join(work, 'control');
    sh('dpkg-deb', ['-e', deb, control]);
    const preinst = (...args: string[]) => spawnSync(join(control, 'preinst'), args, { encoding: 'utf8' });
    expect(pick(preinst('upgrade', '0.1.0'))).toEqual({ status: 0, stderr: '' });
    expect(pick(preinst('install'))).toEqual({ status: 0, stderr: '' });
    const down = preinst('upgrade', '0.2.0');
    expect(down.status).toBe(1);
    expect(down.stderr).toContain('refusing to downgrade from 0.2.0 to 0.1.0+test1');
    expect(down.stderr).toContain('paddock backup');
  });

  it('runs its bundled CLI on its own runtime as an unprivileged user', async () => {
    expect(await output(asNobody([], ['--version']), (t) => t.includes('\n'))).toBe('0.1.0\n');
    expect(await output(asNobody([], ['up', '--help']), () => false)).toContain('Usage: paddock up [options]');
  });

  it('serves DHCP as nobody with CAP_NET_BIND_SERVICE and CAP_NET_RAW, and names the capability without them', async () => {
    const dir = join(work, 'data');
    sh('install', ['-d', '-o', 'nobody', '-g', 'nogroup', '-m', '0700', dir]);
    const args = [
      'dhcp',
      'serve',
      '--interface',
      'lo',
      '--insecure',
      '--data-dir',
      dir,
      '--grpc-listen',
      '127.0.0.1:0',
      '--http-listen',
      '127.0.0.1:0',
    ];
    const without = asNobody([], args);
    expect(await output(without, () => false)).toMatch(/EACCES.*needs CAP_NET_BIND_SERVICE/);
    const server = asNobody(['net_bind_service', 'net_raw'], args);
    try {
      const text = await output(server, (t) => t.includes('paddock listening'));
      expect(text).toContain('paddock listening');
      const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
      expect(status).toMatch(/^Uid:\s+65534\s/m);
      // cap_net_bind_service (10) and cap_net_raw (13), nothing else.
      expect(status).toMatch(/^CapEff:\s+0000000000002400$/m);
    } finally {
      server.kill('SIGTERM');
    }
  });
});
