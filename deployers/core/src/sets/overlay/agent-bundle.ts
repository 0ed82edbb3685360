import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Step } from '../../engine/types.ts';
import { filesStep } from '../../steps/files.ts';
import { sh } from '../../steps/shell.ts';

/** Where a pushed agent lives on a host (a per-host directory in the lab, as /var/lib/paddock is). */
export const AGENT_DIR = '/var/lib/paddock/agent';
export const AGENT_BUNDLE_FILES = ['node', 'overlay-agent.mjs'] as const;
const gzipped = (bundle: string) => (existsSync(join(bundle, 'node.gz')) ? join(bundle, 'node.gz') : undefined);

/**
 * The overlay agent pushed from a local bundle directory: a Node.js runtime (`node`, or its
 * gzip archive `node.gz` when there is one) and the agent in one file (`overlay-agent.mjs`), sent over the SSH connection when their SHA-256
 * differs, for hosts with no Paddock installed (the node image, a fresh cloud VM). Throws
 * naming what is missing, before anything runs.
 */
export function agentInstall(bundle: string): { step: Step; command: string; files: string[] } {
  const missing = AGENT_BUNDLE_FILES.filter((f) => !existsSync(join(bundle, f)));
  if (missing.length > 0)
    throw new Error(
      `agent bundle ${bundle} has no ${missing.join(' or ')} (\`paddock deploy agent-bundle DIR\` makes one)`,
    );
  const [node, agent] = AGENT_BUNDLE_FILES.map((f) => `${AGENT_DIR}/${f}`) as [string, string];
  return {
    step: filesStep({
      id: 'agent-installed',
      title: 'overlay agent installed (pushed)',
      files: [
        // 120 MB, a third of it gzipped: the archive goes when the bundle has one.
        { path: node, local: join(bundle, 'node'), mode: '755', gzip: gzipped(bundle) },
        { path: agent, local: join(bundle, 'overlay-agent.mjs'), mode: '644' },
      ],
    }),
    command: `${sh(node)} ${sh(agent)}`,
    files: [node, agent],
  };
}
