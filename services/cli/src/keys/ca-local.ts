/**
 * The CA verbs' work that needs the X.509 library (rotating the sealed CA, reading the bundle's
 * CAs): loaded only by `keys ca rotate` and `keys ca list`, so the other keys verbs start without it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listCas, resolvePassphrase, rotateClusterCa } from '@paddock/keys';
import { invalidArgument } from '@paddock/runtime';
import { printJson } from '../output.ts';

export { listCas };

export async function rotate(f: { dataDir: string; keysPassphraseFile?: string; json?: boolean }): Promise<void> {
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
}
