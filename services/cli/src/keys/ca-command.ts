import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listCas, resolvePassphrase, rotateClusterCa } from '@paddock/keys';
import { invalidArgument } from '@paddock/runtime';
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
    const dir = join(f.dataDir, 'keys');
    if (!existsSync(join(dir, 'cluster-ca.key')))
      throw invalidArgument(`no cluster CA in ${dir}: run the keys server (paddock up or keys serve) once first`);
    const passphrase = resolvePassphrase({
      dataDir: f.dataDir,
      file: f.keysPassphraseFile ?? process.env['PADDOCK_KEYS_PASSPHRASE_FILE'],
      text: process.env['PADDOCK_KEYS_PASSPHRASE'],
    });
    const r = await rotateClusterCa(dir, passphrase);
    const [current, old] = listCas(r.current + r.old);
    if (f.json) return printJson({ current, old, crossSigned: r.crossSigned });
    process.stdout.write(
      `new cluster CA ${current!.subject} (sha256 ${current!.sha256})\n` +
        (r.crossSigned
          ? `the previous one, ${old!.subject}, stays trusted and cross-signs the new one\n`
          : `the previous one, ${old!.subject}, stays trusted but cannot cross-sign (path length 0): clients holding only it need the new bundle (paddock keys ca, or a renewal) before the restart\n`) +
        'restart the keys server (paddock up / paddock keys serve) for the new CA to sign\n',
    );
  });

  ca.command('list')
    .description('list the cluster CAs clients trust, the signing one first (flags as for keys ca)')
    .action((_local: unknown, cmd: Command) => {
      const f = cmd.optsWithGlobals<ClientFlags>();
      return withKeys(f, async (c) => {
        const cas = listCas((await c.getAuthorities({})).caBundlePem);
        if (f.json) return printJson(cas);
        printTable(
          ['SUBJECT', 'SERIAL', 'NOT AFTER', 'SIGNS', 'SHA-256'],
          cas.map((x) => [x.subject, x.serial.slice(0, 16), x.notAfter, x.signing ? 'yes' : 'no', x.sha256]),
        );
      });
    });
}
