import { readFileSync } from 'node:fs';
import { STATE_NAMES } from '@paddock/build';
import { BuildServiceDefinition, type Job, Job as JobJson, JobState } from '@paddock/proto/build/v1/build.ts';
import { invalidArgument } from '@paddock/runtime';
import { Command } from 'commander';
import { type ClientFlags, withClientOf, withClientOptions } from '../client-options.ts';
import { waitOnWatch } from '../follow.ts';
import { formatDuration, printJson, printTable } from '../output.ts';
import { buildServeCommand } from './serve.ts';

const withBuild = withClientOf(BuildServiceDefinition);
type Flags = ClientFlags & Record<string, unknown>;
const FINISHED = new Set<JobState>([
  JobState.JOB_STATE_SUCCEEDED,
  JobState.JOB_STATE_FAILED,
  JobState.JOB_STATE_CANCELLED,
  JobState.JOB_STATE_TIMED_OUT,
]);
const state = (j: Job) => STATE_NAMES.get(j.state) ?? 'unknown';
const took = (j: Job) =>
  j.startedAtUnixMs === 0n
    ? '-'
    : formatDuration(Number((j.finishedAtUnixMs || BigInt(Date.now())) - j.startedAtUnixMs));
const mib = (n: bigint | number) => `${(Number(n) / 2 ** 20).toFixed(1)} MiB`;

/** `--param k=v` (a JSON value, or else a string) and `--params-file f.json` into one object. */
function params(f: { param?: string[]; paramsFile?: string }): string {
  const out: Record<string, unknown> = {};
  if (f.paramsFile) {
    try {
      Object.assign(out, JSON.parse(readFileSync(f.paramsFile, 'utf8')));
    } catch (err) {
      throw invalidArgument(`${f.paramsFile}: ${(err as Error).message}`);
    }
  }
  for (const p of f.param ?? []) {
    const i = p.indexOf('=');
    if (i < 1) throw invalidArgument(`--param ${p}: expected name=value`);
    const raw = p.slice(i + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {}
    out[p.slice(0, i)] = value;
  }
  return JSON.stringify(out);
}

/** One line per change of the job; on a terminal, a bar redrawn in place. */
function progressLine(j: Job, tty: boolean): string {
  const width = 30;
  const filled = Math.round((j.percent / 100) * width);
  const bar = tty ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ` : '';
  return `${bar}${String(j.percent).padStart(3)}% ${j.step || state(j)}${j.bytes ? ` ${mib(j.bytes)}` : ''}`;
}

/** `paddock build …`: run, follow and list builds of boot artifacts. */
export function buildCommand(): Command {
  const cmd = new Command('build').description('build boot artifacts (node image, iPXE, GRUB, ISO) from recipes');
  buildServeCommand(cmd.command('serve'));
  const sub = (name: string, description: string) => withClientOptions(cmd.command(name).description(description));
  const collect = (v: string, prev: string[] = []) => [...prev, v];

  sub('recipes', 'list the recipes and their parameters').action((f: Flags) =>
    withBuild(f, async (c) => {
      const { recipes } = await c.listRecipes({});
      if (f.json) return printJson(recipes);
      for (const r of recipes) {
        process.stdout.write(`${r.name}: ${r.description}\n  makes ${r.outputs.join(', ')}\n`);
        for (const p of r.params)
          process.stdout.write(`  --param ${p.name}=… ${p.description} (default ${p.defaultJson})\n`);
      }
    }),
  );

  sub('run', 'queue a build and follow it to the end (a progress bar on a terminal)')
    .argument('<recipe>')
    .option('--param <name=value>', 'a parameter (value as JSON, or a string); repeat', collect)
    .option('--params-file <file>', 'parameters as a JSON object')
    .option('--publish <folder>', 'publish the artifacts as boot files under this folder')
    .option('--timeout <seconds>', "the build's time limit (default: the server's)")
    .option('--no-cache', 'build even when the cache has the result')
    .option('--detach', 'print the job id and return at once')
    .action(
      (
        recipe: string,
        f: Flags & {
          param?: string[];
          paramsFile?: string;
          publish?: string;
          timeout?: string;
          cache: boolean;
          detach?: boolean;
        },
      ) =>
        withBuild(f, async (c) => {
          const { job } = await c.runBuild({
            recipe,
            paramsJson: params(f),
            timeoutSeconds: Number(f.timeout ?? 0),
            publishPrefix: f.publish ?? '',
            noCache: !f.cache,
          });
          if (f.detach || !job) {
            if (f.json) printJson(job && JobJson.toJSON(job));
            else process.stdout.write(`${job?.id}\n`);
            return;
          }
          const tty = process.stderr.isTTY === true && !f.json;
          // A change the line does not show (the state after the last step, artifacts) prints nothing.
          let shown = '';
          const show = (line: string) => {
            if (line === shown) return;
            shown = line;
            process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
          };
          const last = await waitOnWatch({
            open: (fromRevision, signal) => c.watchJobs({ watch: { fromRevision } }, { signal }),
            from: 0n,
            until: (e) => {
              if (e.job?.id !== job.id) return undefined;
              if (!f.json) show(progressLine(e.job, tty));
              return FINISHED.has(e.job.state) ? e.job : undefined;
            },
            // The server ends the build at its time limit; this only guards against a lost server.
            timeoutMs: (job.timeoutSeconds + 120) * 1000,
            missed: () => `build ${job.id} did not finish`,
          });
          if (tty) process.stderr.write('\n');
          if (f.json) printJson(JobJson.toJSON(last));
          else {
            process.stdout.write(
              `${state(last)}${last.error ? `: ${last.error}` : ''}${last.cacheHit ? ' (cache hit)' : ''} in ${took(last)}\n`,
            );
            for (const a of last.artifacts)
              process.stdout.write(
                `  ${a.name}  ${mib(a.size)}  sha256:${a.sha256}${a.publishedAs ? `  → ${a.publishedAs}` : ''}\n`,
              );
          }
          if (last.state !== JobState.JOB_STATE_SUCCEEDED) process.exitCode = 1;
        }),
    );

  sub('list', 'list build jobs').action((f: Flags) =>
    withBuild(f, async (c) => {
      const { jobs } = await c.listJobs({});
      if (f.json) return printJson(jobs.map((j) => JobJson.toJSON(j)));
      printTable(
        ['ID', 'RECIPE', 'STATE', 'PROGRESS', 'TOOK', 'CACHE', 'ERROR'],
        jobs.map((j) => [
          j.id,
          j.recipe,
          state(j),
          `${j.percent}% ${j.step}`,
          took(j),
          j.cacheHit ? 'hit' : '',
          j.error,
        ]),
      );
    }),
  );

  sub('logs', "print a job's log")
    .argument('<job>')
    .option('-f, --follow', 'keep printing until the job ends')
    .action((id: string, f: Flags & { follow?: boolean }) =>
      withBuild(f, async (c) => {
        for await (const chunk of c.getLog({ id, offset: 0n, follow: f.follow ?? false }))
          process.stdout.write(chunk.text);
      }),
    );

  sub('cancel', 'stop a queued or running build')
    .argument('<job>')
    .action((id: string, f: Flags) =>
      withBuild(f, async (c) => {
        const { job } = await c.cancelJob({ id });
        if (f.json) return printJson(job && JobJson.toJSON(job));
        process.stdout.write(`cancelling ${id}\n`);
      }),
    );

  sub('artifacts', 'list the files of finished builds').action((f: Flags) =>
    withBuild(f, async (c) => {
      const { artifacts } = await c.listArtifacts({});
      if (f.json) return printJson(artifacts);
      printTable(
        ['JOB', 'NAME', 'SIZE', 'SHA256', 'PUBLISHED AS'],
        artifacts.map((a) => [a.jobId.slice(0, 8), a.name, mib(a.size), a.sha256.slice(0, 16), a.publishedAs]),
      );
    }),
  );
  return cmd;
}
