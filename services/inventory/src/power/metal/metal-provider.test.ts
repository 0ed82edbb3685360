import { describe, expect, it } from 'vitest';
import { testNode } from '../../store/store-contract.ts';
import { parseMetalOptions, sshArgv } from './metal-options.ts';
import { MetalProvider } from './metal-provider.ts';

const MAC = '00:1b:21:0a:0b:0c';
const node = (options: Record<string, string>) => ({
  ...testNode('m1', 'rack1-n1', [MAC]),
  provider: { name: 'metal', options },
  addresses: [{ ip: '10.0.0.31', mac: MAC, source: 'dhcp' as const, updatedAt: 1, expiresAt: 0 }],
});

describe('metal provider', () => {
  it('wakes through the scanner with the password and the last address', async () => {
    const wakes: unknown[] = [];
    const p = new MetalProvider({ wake: async (mac, o) => void wakes.push({ mac, ...o }) });
    await p.power(node({ wol_password: '1.2.3.4' }), 'on');
    expect(wakes).toEqual([{ mac: MAC, password: '1.2.3.4', ip: '10.0.0.31' }]);
  });

  it('powers off and reboots through the agent, and reports what it answered', async () => {
    const posts: string[] = [];
    let status = 204;
    const p = new MetalProvider({
      wake: async () => {},
      post: async (u) => {
        posts.push(u);
        return { status };
      },
    });
    await p.power(node({ agent_url: 'http://10.0.0.31:9100/' }), 'off');
    await p.power(node({ agent_url: 'http://10.0.0.31:9100' }), 'reboot');
    expect(posts).toEqual(['http://10.0.0.31:9100/poweroff', 'http://10.0.0.31:9100/reboot']);
    status = 500;
    await expect(p.power(node({ agent_url: 'http://10.0.0.31:9100' }), 'off')).rejects.toMatchObject({
      kind: 'failedPrecondition',
      message: 'node rack1-n1: its agent at http://10.0.0.31:9100/poweroff answered HTTP 500',
    });
  });

  it('falls back to SSH, and says when there is no way to power off', async () => {
    const runs: string[][] = [];
    const p = new MetalProvider({ wake: async () => {}, run: async (argv) => runs.push(argv) });
    await p.power(node({ ssh_user: 'root', ssh_key: '/etc/paddock/id_ed25519' }), 'off');
    expect(runs[0]?.slice(-3)).toEqual(['/etc/paddock/id_ed25519', 'root@10.0.0.31', 'poweroff']);
    await expect(p.power(node({}), 'reboot')).rejects.toMatchObject({
      message: 'node rack1-n1 cannot be powered reboot remotely: give it the option agent_url or ssh_user',
    });
  });

  it('needs a MAC to create, and checks its options', async () => {
    const p = new MetalProvider({ wake: async () => {} });
    await expect(p.create({ id: 'x', macs: [], options: {}, taken: () => false })).rejects.toMatchObject({
      kind: 'invalidArgument',
    });
    expect(() => parseMetalOptions({ wol_password: 'secret' })).toThrow(/SecureOn password/);
    expect(() => parseMetalOptions({ agent_url: 'ftp://x' })).toThrow(/not an http/);
    expect(() => parseMetalOptions({ ipmi: '1' })).toThrow(/unknown metal option ipmi/);
    expect(sshArgv(parseMetalOptions({ ssh_user: 'ops' }), '10.0.0.5', 'reboot')).not.toContain('-i');
    expect(await p.observe()).toBeUndefined();
  });
});
