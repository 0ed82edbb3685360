import { z } from 'zod';
import type { DeploymentView } from '../model/deployment.ts';
import { resolveOptions } from '../request/deploy-options.ts';

/** A deployment as the store keeps it: what the service shows, and what it needs after a restart. */
export interface DeploymentRecord {
  view: DeploymentView;
  /** The step set's name (its progress file and logs are under `<data-dir>/deploy/<name>/`). */
  progressName: string;
  logDir: string;
  /** The Watch revision of its last change: a restarted server's revisions start after it. */
  revision: bigint;
  /** The server that ran it (host name and data dir): only it may call its run interrupted. */
  owner: string;
  /**
   * Each host's log tail as the deployment ended: the next run of the same set appends to the
   * same log files, so an ended deployment keeps the lines of its own run.
   */
  tails: Record<string, string[]>;
}

const step = z.object({ id: z.string(), title: z.string(), status: z.string(), detail: z.string() });
const host = z.object({
  name: z.string(),
  address: z.string(),
  stage: z.string(),
  state: z.enum(['pending', 'running', 'ok', 'failed']),
  stepsDone: z.number(),
  stepTotal: z.number(),
  step: z.string(),
  stepTitle: z.string(),
  stepStatus: z.string(),
  changed: z.number(),
  unchanged: z.number(),
  error: z.string(),
  // A run's steps array has holes until every step reported (JSON writes them as null).
  steps: z.array(step.nullable()),
});
const schema = z.object({
  view: z.object({
    id: z.string().min(1),
    set: z.string(),
    state: z.enum(['running', 'succeeded', 'failed', 'cancelled', 'interrupted']),
    stage: z.string(),
    hosts: z.array(host),
    changed: z.number(),
    error: z.string(),
    createdAt: z.number(),
    finishedAt: z.number(),
    options: z.record(z.string(), z.unknown()),
    decision: z.string(),
  }),
  progressName: z.string(),
  logDir: z.string(),
  revision: z.string().regex(/^\d+$/),
  owner: z.string(),
  tails: z.record(z.string(), z.array(z.string())),
});

export function encodeRecord(r: DeploymentRecord): string {
  return JSON.stringify({ ...r, revision: r.revision.toString() });
}

/** The record in `text`, or why it is not one (a damaged value is skipped, never half-read). */
export function decodeRecord(text: string): DeploymentRecord | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { error: `not JSON: ${(err as Error).message}` };
  }
  const r = schema.safeParse(json);
  if (!r.success) return { error: z.prettifyError(r.error).replace(/\n/g, ' ') };
  let options: DeploymentView['options'];
  try {
    options = resolveOptions(r.data.view.options as Parameters<typeof resolveOptions>[0]);
  } catch (err) {
    return { error: `options: ${(err as Error).message}` };
  }
  const hosts = r.data.view.hosts.map((h) => ({ ...h, steps: h.steps.map((s) => s ?? undefined) }));
  return {
    ...r.data,
    view: { ...r.data.view, options, hosts } as DeploymentView,
    revision: BigInt(r.data.revision),
  };
}
