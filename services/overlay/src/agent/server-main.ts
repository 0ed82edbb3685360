import type { InterfaceNames } from '../model/types.ts';
import { runServerAgent } from './server-agent.ts';

export interface ServerAgentFlags {
  server: string;
  network?: string;
  endpoint?: string;
  ca?: string;
  cert?: string;
  key?: string;
  privateKey?: string;
  /** "wg,vx,br": device names instead of wg-NET, vx-NET, br-NET. */
  interfaces?: string;
}

/** `overlay agent --server`: checks the flags, then runs until SIGINT or SIGTERM. Exit 2 on a bad flag. */
export async function runServerAgentCli(f: ServerAgentFlags): Promise<number> {
  const missing = (['network', 'endpoint', 'ca', 'cert', 'key', 'privateKey'] as const).filter((k) => !f[k]);
  if (missing.length) {
    const flag = (k: string) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    process.stderr.write(`overlay agent: --server needs ${missing.map(flag).join(', ')}\n`);
    return 2;
  }
  let interfaces: InterfaceNames | undefined;
  if (f.interfaces) {
    const [wireguard, vxlan, bridge] = f.interfaces.split(',');
    if (!wireguard || !vxlan || !bridge) {
      process.stderr.write('overlay agent: --interfaces is WG,VXLAN,BRIDGE (three device names)\n');
      return 2;
    }
    interfaces = { wireguard, vxlan, bridge };
  }
  const stop = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => stop.abort());
  try {
    await runServerAgent({
      server: f.server,
      network: f.network!,
      endpoint: f.endpoint!,
      ca: f.ca!,
      cert: f.cert!,
      key: f.key!,
      privateKeyFile: f.privateKey!,
      interfaces,
      signal: stop.signal,
      log: (l) => process.stdout.write(`${JSON.stringify({ t: Date.now(), ...l })}\n`),
    });
    return 0;
  } catch (err) {
    process.stderr.write(`overlay agent: ${(err as Error).message}\n`);
    return 1;
  }
}
