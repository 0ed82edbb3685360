import type { Command } from 'commander';
import type { ClientFlags } from '../client-options.ts';
import { printJson, printTable } from '../output.ts';
import { withKeys } from './client.ts';
import { withPassphraseOption } from './serve.ts';

/** `paddock keys ca rotate` (on the keys server's machine) and `paddock keys ca list`. */
export function caVerbs(ca: Command): void {
  withPassphraseOption(
    ca
      .command('rotate')
      .description(
        'make a new cluster CA for the next start: it signs from then on, the old one stays trusted and cross-signs it',
      )
      .option('--json', 'print JSON'),
  ).action(async (_local: unknown, cmd: Command) => {
    // --data-dir (and the rest) belong to `keys ca`, which reads them before the verb.
    const f = cmd.optsWithGlobals<{ dataDir: string; keysPassphraseFile?: string; json?: boolean }>();
    await (await import('./ca-local.ts')).rotate(f);
  });

  ca.command('list')
    .description('list the cluster CAs clients trust, the signing one first (flags as for keys ca)')
    .action((_local: unknown, cmd: Command) => {
      const f = cmd.optsWithGlobals<ClientFlags>();
      return withKeys(f, async (c) => {
        const { listCas } = await import('./ca-local.ts');
        const cas = listCas((await c.getAuthorities({})).caBundlePem);
        if (f.json) return printJson(cas);
        printTable(
          ['SUBJECT', 'SERIAL', 'NOT AFTER', 'SIGNS', 'SHA-256'],
          cas.map((x) => [x.subject, x.serial.slice(0, 16), x.notAfter, x.signing ? 'yes' : 'no', x.sha256]),
        );
      });
    });
}
