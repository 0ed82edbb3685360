// Bundles the CLI and every server into services/cli/dist/ (git-ignored), so `paddock` starts
// without type-stripping and resolving hundreds of sources: paddock.mjs loads only commander and
// the verb table; each verb is a chunk loaded when run. Native modules (better-sqlite3, koffi)
// stay outside, resolved from services/cli/node_modules. The sources stay runnable as they are.
//   node scripts/bundle.ts [--outdir DIR]

import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build, type Plugin } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
/** Where the bundle sits in a clone; elsewhere (the Debian package) the same layout around it. */
const layout = join(root, 'services', 'cli', 'dist');
const outdir = resolve(values.outdir ?? layout);
export const NATIVE = ['better-sqlite3', 'koffi'];

/** `new Worker(new URL('./x.ts', import.meta.url))` in the sources: each becomes its own entry. */
const WORKER_URL = /new URL\((['"])\.\/([\w-]+)\.ts\1, import\.meta\.url\)/g;

function sourcesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name === 'dist') return [];
    if (e.isDirectory()) return sourcesOf(join(dir, e.name));
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [];
  });
}

const workers = new Map<string, string>(); // worker source file -> output name
for (const file of sourcesOf(join(root, 'services'))) {
  for (const m of readFileSync(file, 'utf8').matchAll(WORKER_URL)) {
    workers.set(resolve(dirname(file), `${m[2]}.ts`), m[2] as string);
  }
}

/**
 * Every output file lands in `outdir` itself (no chunk folders), so a source's paths relative to
 * its own location (the proto files, the console's web/dist, a worker) can be rewritten relative
 * to `outdir`, and the same layout works in a clone and in the Debian package.
 */
const relocate: Plugin = {
  name: 'relocate-import-meta',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      let text = readFileSync(args.path, 'utf8');
      if (args.path.includes('node_modules') || !text.includes('import.meta')) return undefined;
      // A worker is one of the bundle's own files: its URL stays relative to the bundle.
      text = text.replace(WORKER_URL, (_all, _q, name: string) => `new URL('./${name}.mjs', __PDK_BUNDLE_URL__)`);
      const self = JSON.stringify(relative(layout, args.path));
      text = text
        .replaceAll('import.meta.url', `new URL(${self}, import.meta.url).href`)
        .replaceAll(
          'import.meta.dirname',
          `decodeURIComponent(new URL('.', new URL(${self}, import.meta.url)).pathname).replace(/\\/$/, '')`,
        )
        .replaceAll('__PDK_BUNDLE_URL__', 'import.meta.url');
      return { contents: text, loader: 'ts' };
    });
  },
};

/** The folder holding the package.json of the npm package `file` belongs to. */
function packageRoot(file: string): string {
  let dir = dirname(file);
  while (
    !existsSync(join(dir, 'package.json')) ||
    !readFileSync(join(dir, 'package.json'), 'utf8').includes('"name"')
  ) {
    dir = dirname(dir);
  }
  return dir;
}

/**
 * npm packages that find their own files through `__dirname` (the gRPC health and reflection
 * .proto files) get a copy of their package in `outdir/vendor/`, and `__dirname` points there.
 */
const vendored = new Map<string, string>(); // package root -> vendor folder name
const vendor: Plugin = {
  name: 'vendor-dirname',
  setup(b) {
    b.onLoad({ filter: /node_modules.*\.c?js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!/\b__(dirname|filename)\b/.test(text)) return undefined;
      const pkg = packageRoot(args.path);
      const folder = `vendor/${basename(dirname(pkg)).startsWith('@') ? `${basename(dirname(pkg))}/` : ''}${basename(pkg)}`;
      vendored.set(pkg, folder);
      const dir = JSON.stringify(`./${folder}/${relative(pkg, dirname(args.path))}`);
      const file = JSON.stringify(`./${folder}/${relative(pkg, args.path)}`);
      // No import.meta here: it would make esbuild take this CommonJS file for an ES module.
      const prelude = `var __dirname = __pdkPath(${dir}).replace(/\\/$/, ''), __filename = __pdkPath(${file});\n`;
      return { contents: prelude + text, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/**
 * Paddock's own modules declare nothing on import (no module-level state), so a verb's chunk may
 * leave out what a package's index re-exports but the verb never uses: `paddock status` needs the
 * gRPC client, not the server, the PKI or SQLite.
 */
const pure: Plugin = {
  name: 'paddock-side-effect-free',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'pure' || args.kind === 'entry-point') return undefined;
      if (
        !args.path.startsWith('@paddock/') &&
        !(args.path.startsWith('.') && !args.importer.includes('node_modules'))
      ) {
        return undefined;
      }
      const r = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'pure',
      });
      if (r.errors.length > 0 || r.path.includes('node_modules'))
        return r.errors.length > 0 ? { errors: r.errors } : { ...r, pluginData: undefined };
      return { path: r.path, sideEffects: false };
    });
  },
};

/**
 * The entry bundle holds commander and the verb table only: each `import()` of a project source
 * in it (a verb, the error vocabulary), or in a verb, becomes a bundle of its own, loaded when
 * that verb runs. Separate bundles
 * rather than esbuild's shared chunks, because only a bundle of its own is tree-shaken for its
 * verb (a shared chunk carries everything any verb uses).
 */
const lazy = new Map<string, string>(); // source file -> output name
const splitVerbs: Plugin = {
  name: 'one-bundle-per-verb',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.pluginData === 'verb' || args.pluginData === 'pure') return undefined;
      const r = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'verb',
      });
      if (r.errors.length > 0) return { errors: r.errors };
      // Only the project's own sources split off: a built-in or an npm package stays as it is.
      if (r.external || !r.path.endsWith('.ts') || r.path.includes('node_modules')) return undefined;
      const name = relative(join(root, 'services'), r.path)
        .replace(/\/src\//, '/')
        .replace(/\.ts$/, '');
      lazy.set(r.path, `verb-${name.replace(/^\.\.\//, '').replaceAll('/', '-')}`);
      return { path: `./${lazy.get(r.path)}.mjs`, external: true };
    });
  },
};

/**
 * Node's built-in modules, imported by the sources and ES module packages (commander), each as a
 * module of getters that require() the built-in at its first use. An ES module import of a
 * built-in builds its namespace by reading every export, which runs Node's lazy getters (util's
 * parseArgs, process.stdin, …) and so loads some thirty further built-ins, and a module imported
 * for one call of an action (child_process, http2) would load at start: ~20 ms of every start
 * on a busy machine. `process` is the global itself (assignments to process.exitCode must land),
 * and a built-in that is a function (assert, events) is required at once.
 */
const builtinsOnFirstUse: Plugin = {
  name: 'builtins-on-first-use',
  setup(b) {
    b.onResolve({ filter: /^[\w:/_]+$/ }, (args) =>
      args.kind === 'import-statement' && isBuiltin(args.path) ? { path: args.path, namespace: 'builtin' } : undefined,
    );
    const req = createRequire(import.meta.url);
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => {
      const id = `node:${args.path.replace(/^node:/, '')}`;
      if (id === 'node:process') return { contents: 'export default globalThis.process;', loader: 'js' };
      // A module that is itself a function or class (assert, events) must stay callable.
      if (typeof req(id) === 'function')
        return { contents: `module.exports = require(${JSON.stringify(id)});`, loader: 'js' };
      const getters = Object.getOwnPropertyNames(req(id)).map(
        (k) => `${JSON.stringify(k)}: { get: () => load()[${JSON.stringify(k)}], enumerable: true }`,
      );
      const load = `let m; const load = () => (m ??= require(${JSON.stringify(id)}));`;
      return {
        contents: `${load}\nmodule.exports = Object.defineProperties({}, { ${getters.join(', ')} });`,
        loader: 'js',
      };
    });
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  external: NATIVE,
  // CommonJS packages inside an ES module bundle still call require() for Node's built-ins;
  // __pdkPath: a path relative to the bundle, for the vendored packages' __dirname.
  banner: {
    js: "import { createRequire as __pdkRequire } from 'node:module'; const require = __pdkRequire(import.meta.url); const __pdkPath = (p) => decodeURIComponent(new URL(p, import.meta.url).pathname);",
  },
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
} as const;

rmSync(outdir, { recursive: true, force: true });
const started = Date.now();
const main = await build({
  ...common,
  entryPoints: [join(root, 'services', 'cli', 'src', 'main.ts')],
  outfile: join(outdir, 'paddock.mjs'),
  plugins: [splitVerbs, builtinsOnFirstUse],
});
// A verb may load part of itself lazily too (`serve`, which carries a whole server, beside the
// client verbs): its `import()`s become bundles of their own in the next round.
const rest: (typeof main)[] = [];
const done = new Set<string>();
for (let todo = [...lazy, ...workers]; todo.length > 0; todo = [...lazy].filter(([file]) => !done.has(file))) {
  for (const [file] of todo) done.add(file);
  rest.push(
    ...(await Promise.all(
      todo.map(([file, name]) =>
        build({
          ...common,
          entryPoints: [file],
          outfile: join(outdir, `${name}.mjs`),
          plugins: [splitVerbs, builtinsOnFirstUse, pure, relocate, vendor],
        }),
      ),
    )),
  );
}
for (const [pkg, folder] of vendored) {
  cpSync(pkg, join(outdir, folder), {
    recursive: true,
    dereference: true,
    filter: (f) =>
      !f.includes('node_modules', pkg.length) &&
      !/\/(test|docs|benchmarks?)(\/|$)|\.(ts|map|md|html|sh)$|\/bin\.js$/.test(f.slice(pkg.length)),
  });
}
// bin/paddock.js runs the sources instead when the checkout moved since the build (`git`: HEAD
// as it reads now; `ref`: the commit its branch names) or, where PADDOCK_DEV=1, when one of the `inputs`
// changed after `builtAtMs`, so an edit is never hidden behind a stale bundle. A bundle built
// elsewhere (the Debian package) is run as it is: it has no checkout beside it.
const inputs = new Set(
  [main, ...rest].flatMap((r) => Object.keys(r.metafile.inputs).filter((i) => !i.includes('node_modules'))),
);
writeFileSync(
  join(outdir, 'stamp.json'),
  JSON.stringify({
    builtAtMs: started,
    root: relative(layout, root),
    ...(outdir === layout ? gitStamp() : { git: [] }),
    inputs: [...inputs],
  }),
);
if (process.env['PADDOCK_BUNDLE_META']) {
  writeFileSync(process.env['PADDOCK_BUNDLE_META'], JSON.stringify([main, ...rest].map((r) => r.metafile)));
}
console.error(
  `bundle: ${1 + rest.length} bundles in ${relative(root, outdir)}/ (verbs: ${lazy.size}; workers: ${[...workers.values()].join(', ')}; vendored: ${[...vendored.values()].join(', ')}) in ${Date.now() - started} ms`,
);

/**
 * What says what is checked out: HEAD's file with its text now, and the branch it names with
 * its commit (read back from the loose ref file or packed-refs); empty outside a git checkout.
 */
function gitStamp(): {
  git: Array<[string, string | null]>;
  ref?: { name: string; loose: string; packed: string; id: string };
} {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  let head: string;
  try {
    head = resolve(root, git('rev-parse', '--git-path', 'HEAD'));
  } catch {
    return { git: [] };
  }
  const stamp = {
    git: [[head, existsSync(head) ? readFileSync(head, 'utf8') : null]] as Array<[string, string | null]>,
  };
  try {
    const name = git('symbolic-ref', '-q', 'HEAD');
    const path = (p: string) => resolve(root, git('rev-parse', '--git-path', p));
    return { ...stamp, ref: { name, loose: path(name), packed: path('packed-refs'), id: git('rev-parse', name) } };
  } catch {
    // Detached: HEAD alone holds the commit.
    return stamp;
  }
}
