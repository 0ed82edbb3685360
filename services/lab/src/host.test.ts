import { describe, expect, it } from 'vitest';
import { Host } from './host.ts';
import type { LabProcess } from './lab-process.ts';

describe('Host', () => {
  const host = new Host('a', 'pdk-test-ns.a', new Set<LabProcess>());

  it('wraps argv for ip netns exec without a shell', () => {
    expect(host.wrap(['sh', '-c', 'echo $HOME; rm x'])).toEqual([
      'ip',
      'netns',
      'exec',
      'pdk-test-ns.a',
      'sh',
      '-c',
      'echo $HOME; rm x',
    ]);
  });

  it('refuses sysctl keys that could smuggle a value and empty commands', async () => {
    await expect(host.sysctl('net.ipv4.ip_forward=1 kernel.x', 1)).rejects.toThrow(/not a sysctl key/);
    expect(() => host.spawn([])).toThrow(/empty command/);
  });
});
