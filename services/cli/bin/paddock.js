#!/usr/bin/env node
// The paddock command. Paddock runs on the project's Node 24 (it loads its TypeScript sources
// directly); when started by an older node, re-run under the toolchain in .toolchain/.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  const node = fileURLToPath(new URL('../../../.toolchain/node/bin/node', import.meta.url));
  if (!existsSync(node)) {
    console.error(`paddock: needs Node.js 24 or newer (this is ${process.version}); run scripts/setup.sh first`);
    process.exit(1);
  }
  const r = spawnSync(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
await import('../src/main.ts');
