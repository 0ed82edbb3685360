import { open } from 'node:fs/promises';
import { BuildServiceDefinition } from '@paddock/proto/build/v1/build.ts';
import { fromRevisionOf, invalidArgument, service, watch } from '@paddock/runtime';
import { RECIPES } from '../recipes/registry.ts';
import type { BuildManager } from '../server/build-manager.ts';
import type { JobSource } from '../server/job-source.ts';
import { FINISHED } from '../store/job.ts';
import { artifactToProto, jobToProto, recipeToProto } from './convert.ts';
import { wholeUtf8Length } from './utf8-end.ts';

function paramsOf(json: string): Record<string, unknown> {
  if (json.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch (err) {
    throw invalidArgument(`params_json is not JSON: ${(err as Error).message}`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw invalidArgument('params_json must be a JSON object');
  return v as Record<string, unknown>;
}

const POLL_MS = 200;
const CHUNK = 64 * 1024;

/** paddock.build.v1.BuildService over the build queue. */
export function buildService(m: BuildManager, jobs: JobSource) {
  return service(BuildServiceDefinition, {
    listRecipes: () => ({ recipes: [...RECIPES.values()].map(recipeToProto) }),
    runBuild(req) {
      const job = m.submit({
        recipe: req.recipe,
        params: paramsOf(req.paramsJson),
        timeoutSeconds: req.timeoutSeconds,
        publishPrefix: req.publishPrefix,
        noCache: req.noCache,
      });
      return { job: jobToProto(job) };
    },
    getJob: (req) => ({ job: jobToProto(m.get(req.id)) }),
    listJobs: () => ({ jobs: m.list().map(jobToProto) }),
    cancelJob: (req) => ({ job: jobToProto(m.cancel(req.id)) }),
    async *watchJobs(req, ctx) {
      for await (const e of watch(jobs, { fromRevision: fromRevisionOf(req), signal: ctx.signal })) {
        const job = e.snapshot ?? e.change;
        yield { watch: e.watch, job: job && jobToProto(job) };
      }
    },
    async *getLog(req, ctx) {
      const path = m.logPath(req.id);
      let offset = Number(req.offset);
      for (;;) {
        // Read the job's state first: text written before it finished is then all in the file.
        const done = FINISHED.has(m.get(req.id).state);
        const read = await readFrom(path, offset);
        // A character cut at the chunk's end waits for the next read, unless nothing more comes.
        const last = done && read.length < CHUNK;
        const text = last ? read : read.subarray(0, wholeUtf8Length(read));
        if (text.length > 0) {
          offset += text.length;
          yield { text: text.toString('utf8'), nextOffset: BigInt(offset) };
          continue;
        }
        if (done || !req.follow || ctx.signal.aborted) return;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    },
    listArtifacts: () => ({
      artifacts: m
        .list()
        .filter((j) => j.state === 'succeeded')
        .flatMap((j) => j.artifacts.map((a) => artifactToProto(j.id, a))),
    }),
  });
}

async function readFrom(path: string, offset: number): Promise<Buffer> {
  const f = await open(path, 'r').catch(() => undefined);
  if (!f) return Buffer.alloc(0);
  try {
    const buf = Buffer.alloc(CHUNK);
    const { bytesRead } = await f.read(buf, 0, CHUNK, offset);
    return buf.subarray(0, bytesRead);
  } finally {
    await f.close();
  }
}
