import { createHash } from 'node:crypto';
import { formatJoinCode } from '@paddock/keys';
import { KeyServiceDefinition } from '@paddock/proto/keys/v1/keys.ts';
import { SystemServiceDefinition } from '@paddock/proto/system/v1/system.ts';
import type { Command } from 'commander';
import { type ClientFlags, connectTo } from '../client-options.ts';
import { printJson } from '../output.ts';
import { withKeys } from './client.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The names a joined server's certificate always carries: its own clients on the machine dial these. */
const LOCAL_NAMES = ['localhost', '127.0.0.1', '::1'];

/**
 * `paddock keys join NAME`: on the keys server's side, one line that another Paddock service
 * takes as `--keys-join` to get its server certificate from the site CA (single use, one hour).
 */
export function joinVerb(sub: (name: string, description: string) => Command): void {
  sub('join', 'print a join code: another service started with --keys-join CODE gets its certificate from here')
    .argument('<name>', "the service's name, as its certificate will carry it (a DNS name)")
    .option('--address <addr>', 'a name or IP its clients use to reach it; repeat for more', collect)
    .option('--url <https-url>', "this keys service's HTTPS URL as the service reaches it (default: its hostname)")
    .option('--ttl <seconds>', 'how long the code may be used (default 3600)')
    .action((name: string, f: ClientFlags & { address?: string[]; url?: string; ttl?: string }) =>
      withKeys(f, async (c) => {
        const url = f.url ?? (await defaultUrl(f));
        const addresses = [...new Set([...(f.address ?? []), ...LOCAL_NAMES])];
        const t = await c.createToken({ node: name, addresses, ttlSeconds: Number(f.ttl ?? 0) });
        const { caBundlePem } = await c.getAuthorities({});
        const caSha256 = createHash('sha256').update(caBundlePem).digest('hex');
        const code = formatJoinCode({ url, node: name, token: t.token, caSha256 });
        if (f.json) return printJson({ code, url, node: name, addresses, caSha256 });
        process.stdout.write(`${code}\n`);
        process.stderr.write(
          `on ${name}: paddock <service> serve --keys-join <the code above>  (or PADDOCK_KEYS_JOIN; once, within the hour)\n`,
        );
      }),
    );
}

/** https://<the keys server's hostname>:<its HTTPS port>: the hostname is in its certificate. */
async function defaultUrl(f: ClientFlags): Promise<string> {
  // The server found for the keys service, not any other of the data dir's.
  const system = (await connectTo(f, KeyServiceDefinition.fullName)).client(SystemServiceDefinition);
  try {
    const { info } = await system.getInfo({});
    const port = new URL(info?.httpAddress ?? '').port;
    return `https://${info?.hostname}:${port}`;
  } finally {
    system.close();
  }
}
