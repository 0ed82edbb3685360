import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readBundle } from './bundle.ts';
import { adminKubeconfig, k3sConfig } from './k3s-files.ts';
import { loadToken } from './token.ts';

const node = (name: string, address: string) => ({ target: { name, address: '192.168.1.1' }, address });
const keys = (yaml: string) =>
  yaml
    .split('\n')
    .filter((l) => /^[a-z]/.test(l))
    .map((l) => l.split(':')[0]);

describe('k3s config.yaml', () => {
  it('starts the first server with embedded etcd, joins the others and agents to it, on the overlay', () => {
    const first = k3sConfig({
      node: node('n1', '10.99.0.1'),
      role: 'first-server',
      iface: 'br-lab',
      join: 'https://10.99.0.1:6443',
    });
    expect(first).toMatch(/^cluster-init: true$/m);
    expect(first).toMatch(/^node-ip: "10\.99\.0\.1"$/m);
    expect(first).toMatch(/^flannel-iface: "br-lab"$/m);
    expect(first).toMatch(/^token-file: "\/etc\/rancher\/k3s\/token"$/m);
    expect(first).not.toMatch(/^server:/m);
    const second = k3sConfig({
      node: node('n2', '10.99.0.2'),
      role: 'server',
      iface: 'br-lab',
      join: 'https://10.99.0.1:6443',
    });
    expect(second).toMatch(/^server: "https:\/\/10\.99\.0\.1:6443"$/m);
    expect(second).not.toMatch(/cluster-init/);
    const agent = k3sConfig({
      node: node('n4', '10.99.0.4'),
      role: 'agent',
      iface: 'br-lab',
      join: 'https://10.99.0.1:6443',
    });
    expect(keys(agent).sort()).toEqual(['flannel-iface', 'node-ip', 'node-name', 'server', 'token-file']);
  });

  it('points every server at the external etcd, with its client certificate, and joins none', () => {
    for (const role of ['first-server', 'server'] as const) {
      const c = k3sConfig({
        node: node('n2', '10.99.0.2'),
        role,
        iface: 'br-lab',
        join: 'https://10.99.0.1:6443',
        datastore: ['https://10.99.0.1:2379', 'https://10.99.0.2:2379'],
      });
      expect(c).toMatch(/^datastore-endpoint: "https:\/\/10\.99\.0\.1:2379,https:\/\/10\.99\.0\.2:2379"$/m);
      expect(keys(c)).toEqual(expect.arrayContaining(['datastore-cafile', 'datastore-certfile', 'datastore-keyfile']));
      expect(c).not.toMatch(/cluster-init|^server:/m);
    }
  });

  it('refuses an agent with no server to join', () => {
    expect(() => k3sConfig({ node: node('n4', '10.99.0.4'), role: 'agent', iface: 'br-lab' })).toThrow(
      /needs a server/,
    );
  });
});

describe('admin kubeconfig', () => {
  it('points at the server on the overlay instead of 127.0.0.1', () => {
    const k = 'clusters:\n- cluster:\n    certificate-authority-data: QQ==\n    server: https://127.0.0.1:6443\n';
    expect(adminKubeconfig(k, node('n1', '10.99.0.1'))).toContain('server: https://10.99.0.1:6443\n');
    expect(() => adminKubeconfig('kind: Config\n', node('n1', '10.99.0.1'))).toThrow(/no local server URL/);
  });
});

describe('bundle and token', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the binary and images tarballs, and names what is missing', () => {
    dir = mkdtempSync(join(tmpdir(), 'k3s-bundle-'));
    expect(() => readBundle(dir)).toThrow(/no k3s binary/);
    writeFileSync(join(dir, 'k3s'), 'x');
    expect(() => readBundle(dir)).toThrow(/no images tarball/);
    writeFileSync(join(dir, 'k3s-airgap-images-amd64.tar.zst'), 'x');
    writeFileSync(join(dir, 'notes.txt'), 'x');
    expect(readBundle(dir)).toEqual({
      binary: join(dir, 'k3s'),
      images: [join(dir, 'k3s-airgap-images-amd64.tar.zst')],
    });
    expect(() => readBundle(join(dir, 'nope'))).toThrow(/--bundle .*nope/);
  });

  it('makes the token once, mode 0600, and reads it back; refuses a bad or readable one', () => {
    dir = mkdtempSync(join(tmpdir(), 'k3s-token-'));
    const f = join(dir, 'sub', 'token');
    expect(() => loadToken(f, false)).toThrow(/token file/);
    const made = loadToken(f, true);
    expect(made).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(loadToken(f, true)).toBe(made);
    expect(readFileSync(f, 'utf8')).toBe(`${made}\n`);
    chmodSync(f, 0o644);
    expect(() => loadToken(f, false)).toThrow(/readable by others/);
    writeFileSync(f, 'two words here and more\n', { mode: 0o600 });
    chmodSync(f, 0o600);
    expect(() => loadToken(f, false)).toThrow(/one line/);
  });
});
