#!/usr/bin/env node
// The paddock command. Paddock runs on the project's Node 24; when started by an older node,
// re-run under the toolchain in .toolchain/. Runs the bundle in dist/ (built by scripts/setup.sh;
// starts in tens of milliseconds) when it was built from what is checked out, else the
// TypeScript sources directly.
import * as nodeModule from 'node:module';
import { fileURLToPath } from 'node:url';
import { bundleIsCurrent } from './bundle-current.js';

// Built-in modules through require, not import: an ES import of node:fs builds its ES facade,
// which reads every export and so loads fs/promises, streams, readline and os (~20 ms of a
// one-shot verb's start, hyperfine); child_process only when it is needed.
const require = nodeModule.createRequire(import.meta.url);
const { existsSync } = require('node:fs');

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  const node = fileURLToPath(new URL('../../../.toolchain/node/bin/node', import.meta.url));
  if (!existsSync(node)) {
    console.error(`paddock: needs Node.js 24 or newer (this is ${process.version}); run scripts/setup.sh first`);
    process.exit(1);
  }
  runChild(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)]);
} else if (
  process.env['PADDOCK_FROM_SOURCE'] !== '1' &&
  bundleIsCurrent(new URL('../dist/', import.meta.url), { sources: process.env['PADDOCK_DEV'] === '1' })
) {
  // V8's compiled code for the bundle, kept beside it (and gone with it on a rebuild): a verb's
  // megabyte of JavaScript is compiled once, not on every start. Not in a shared temp folder,
  // where another user could plant code for this one to run.
  nodeModule.enableCompileCache?.(fileURLToPath(new URL('../dist/.compile-cache', import.meta.url)));
  await import('../dist/paddock.mjs');
} else {
  await import('../src/main.ts');
}

/**
 * Node cannot exec(), so this process stays as the child's parent and behaves like it: every
 * stop signal sent to it reaches the child (a server must not outlive `kill <wrapper pid>`), and
 * it ends the way the child ended — same exit code, or killed by the same signal.
 */
function runChild(command, args) {
  const child = require('node:child_process').spawn(command, args, { stdio: 'inherit' });
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
