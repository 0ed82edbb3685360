#!/usr/bin/env node
// The paddock command. Paddock runs on the project's Node 24; when started by an older node,
// re-run under the toolchain in .toolchain/. Runs the bundle in dist/ (built by scripts/setup.sh;
// starts in tens of milliseconds) unless a source changed since it was built, else the
// TypeScript sources directly.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  const node = fileURLToPath(new URL('../../../.toolchain/node/bin/node', import.meta.url));
  if (!existsSync(node)) {
    console.error(`paddock: needs Node.js 24 or newer (this is ${process.version}); run scripts/setup.sh first`);
    process.exit(1);
  }
  runChild(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)]);
} else if (process.env['PADDOCK_FROM_SOURCE'] !== '1' && bundleIsFresh()) {
  await import('../dist/paddock.mjs');
} else {
  await import('../src/main.ts');
}

/** A bundle exists and none of its sources changed since (in a package there are no sources). */
function bundleIsFresh() {
  const dist = new URL('../dist/', import.meta.url);
  let meta;
  try {
    meta = JSON.parse(readFileSync(new URL('inputs.json', dist), 'utf8'));
  } catch {
    return false;
  }
  const root = new URL(`${meta.root}/`, dist);
  return meta.inputs.every((file) => {
    try {
      return statSync(new URL(file, root)).mtimeMs <= meta.builtAtMs;
    } catch {
      return true;
    }
  });
}

/**
 * Node cannot exec(), so this process stays as the child's parent and behaves like it: every
 * stop signal sent to it reaches the child (a server must not outlive `kill <wrapper pid>`), and
 * it ends the way the child ended — same exit code, or killed by the same signal.
 */
function runChild(command, args) {
  const child = spawn(command, args, { stdio: 'inherit' });
  const forwarded = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of forwarded) process.on(signal, forward);
  child.on('error', (err) => {
    console.error(`paddock: cannot start ${command}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 1);
    for (const s of forwarded) process.removeListener(s, forward);
    process.kill(process.pid, signal);
  });
}
