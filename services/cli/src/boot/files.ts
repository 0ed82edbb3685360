import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { finished } from 'node:stream/promises';
import { BootFile, BootServiceDefinition, FileAccess } from '@paddock/proto/boot/v1/boot.ts';
import { PaddockError } from '@paddock/runtime';
import { Command, Option } from 'commander';
import { type ClientFlags, clientFor, withClientOptions } from '../client-options.ts';
import { printJson, printTable } from '../output.ts';

export const bootClient = (flags: ClientFlags) => clientFor(BootServiceDefinition, flags);

const ACCESS = {
  public: FileAccess.FILE_ACCESS_PUBLIC,
  admin: FileAccess.FILE_ACCESS_ADMIN,
  node: FileAccess.FILE_ACCESS_NODE,
};
const accessName = (a: FileAccess) => Object.entries(ACCESS).find(([, v]) => v === a)?.[0] ?? String(a);

async function sha256Of(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** `paddock boot files`: list, upload, download, delete boot files (checksummed both ways). */
export function filesCommand(): Command {
  const cmd = new Command('files').description('boot files: list, upload, download, remove');
  withClientOptions(cmd.command('list', { isDefault: true }).description('list files with sizes and SHA-256'))
    .option('--prefix <prefix>', 'only names starting with this')
    .action(async (flags: ClientFlags & { prefix?: string }) => {
      const client = await bootClient(flags);
      try {
        const { files } = await client.listFiles({ prefix: flags.prefix ?? '' });
        if (flags.json) return printJson(files.map((f) => BootFile.toJSON(f)));
        printTable(
          ['NAME', 'SIZE', 'ACCESS', 'SHA256'],
          files.map((f) => [
            f.name,
            String(f.size),
            accessName(f.access) + (f.nodeMac ? ` ${f.nodeMac}` : ''),
            f.sha256,
          ]),
        );
      } finally {
        client.close();
      }
    });
  withClientOptions(cmd.command('upload <file>').description('upload a file; the server checks its SHA-256'))
    .option('--name <name>', 'name in the store (default: the file name)')
    .addOption(new Option('--access <access>', 'who may fetch it').choices(Object.keys(ACCESS)).default('public'))
    .option('--node <mac>', 'owner of a node file')
    .action(
      async (file: string, flags: ClientFlags & { name?: string; access: keyof typeof ACCESS; node?: string }) => {
        const sha256 = await sha256Of(file);
        const client = await bootClient(flags);
        try {
          async function* parts() {
            const header = {
              name: flags.name ?? basename(file),
              access: ACCESS[flags.access],
              nodeMac: flags.node ?? '',
              sha256,
            };
            yield { part: { $case: 'header' as const, value: header } };
            for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
              yield { part: { $case: 'chunk' as const, value: chunk as Buffer } };
            }
          }
          const { file: stored } = await client.uploadFile(parts());
          if (flags.json) return printJson(stored && BootFile.toJSON(stored));
          process.stdout.write(`${stored?.name}  ${stored?.size} bytes  sha256 ${stored?.sha256}\n`);
        } finally {
          client.close();
        }
      },
    );
  withClientOptions(cmd.command('download <name>').description('download a file and check its SHA-256'))
    .option('-o, --output <file>', 'where to write it (default: its base name here)')
    .action(async (name: string, flags: ClientFlags & { output?: string }) => {
      const client = await bootClient(flags);
      const out = createWriteStream(flags.output ?? basename(name));
      const h = createHash('sha256');
      let want = '';
      try {
        for await (const r of client.downloadFile({ name })) {
          if (r.part?.$case === 'file') want = r.part.value.sha256;
          else if (r.part?.$case === 'chunk') {
            h.update(r.part.value);
            if (!out.write(r.part.value)) await new Promise<void>((ok) => out.once('drain', () => ok()));
          }
        }
        out.end();
        await finished(out);
        const got = h.digest('hex');
        if (got !== want)
          throw new PaddockError('aborted', `downloaded ${name} has SHA-256 ${got}, the server said ${want}`);
        if (!flags.json) process.stdout.write(`${flags.output ?? basename(name)}  sha256 ${got} (verified)\n`);
        else printJson({ name, sha256: got, verified: true });
      } finally {
        client.close();
      }
    });
  withClientOptions(cmd.command('rm <name>').description('remove a file')).action(
    async (name: string, flags: ClientFlags) => {
      const client = await bootClient(flags);
      try {
        await client.deleteFile({ name });
      } finally {
        client.close();
      }
    },
  );
  return cmd;
}
