import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { fileSha256 } from '@paddock/deployers';
import { PaddockError } from '@paddock/runtime';

const AGENT_MAIN = join(import.meta.dirname, '..', '..', '..', 'overlay', 'src', 'agent', 'main.ts');

/**
 * Makes an overlay agent bundle in `dir` (what `deploy overlay --agent-bundle` pushes): this
 * process's own Node.js runtime as `node` (a symbolic link to it) and `node.gz` (a third of
 * its size on the wire), and the agent with every dependency in one ES module,
 * `overlay-agent.mjs` (esbuild, from a clone's sources). Files that would not change are left
 * alone, so their SHA-256 (and the hosts' copies) stay the same.
 */
export async function makeAgentBundle(dir: string): Promise<void> {
  if (!existsSync(AGENT_MAIN))
    throw new PaddockError(
      'failedPrecondition',
      `an agent bundle is made from Paddock's sources (${AGENT_MAIN} is missing)`,
    );
  mkdirSync(dir, { recursive: true });
  // A link, not a 120 MB copy: what is pushed is what the link points at, compared by SHA-256.
  const node = join(dir, 'node');
  let linked = '';
  try {
    linked = readlinkSync(node);
  } catch {}
  if (linked !== process.execPath) {
    rmSync(node, { force: true });
    symlinkSync(process.execPath, node);
  }
  await gzipOf(process.execPath, join(dir, 'node.gz'));
  // A name esbuild's own bundling of the CLI leaves alone: the bundler is a build tool of a clone.
  const bundler = 'esbuild';
  const meta = ['import', 'meta'].join('.');
  const { build } = (await import(bundler)) as typeof import('esbuild');
  const out = join(dir, 'overlay-agent.mjs');
  const r = await build({
    entryPoints: [AGENT_MAIN],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    minify: true,
    write: false,
    // CommonJS dependencies bundled into an ES module still ask for these. `meta` is spelled in
    // pieces: scripts/bundle.ts relocates every import-dot-meta written in the CLI's sources.
    banner: {
      js: `import{createRequire as __cr}from'node:module';const require=__cr(${meta}.url);const __filename=${meta}.filename,__dirname=${meta}.dirname;`,
    },
    logLevel: 'error',
  });
  const text = r.outputFiles[0]!.contents;
  if (existsSync(out) && Buffer.from(readFileSync(out)).equals(Buffer.from(text))) return;
  writeFileSync(`${out}.tmp`, text);
  renameSync(`${out}.tmp`, out);
}

/** `gz`, the gzip of `file`, remade only when `file` changed (its SHA-256 is kept beside it). */
async function gzipOf(file: string, gz: string): Promise<void> {
  const sum = await fileSha256(file);
  if (existsSync(gz) && existsSync(`${gz}.sha256`) && readFileSync(`${gz}.sha256`, 'utf8') === sum) return;
  await pipeline(createReadStream(file), createGzip({ level: 6 }), createWriteStream(`${gz}.tmp`));
  renameSync(`${gz}.tmp`, gz);
  writeFileSync(`${gz}.sha256`, sum);
}
