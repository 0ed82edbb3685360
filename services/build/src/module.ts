import { chownSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceHandle } from '@paddock/runtime';
import { RevisionLog } from '@paddock/runtime';
import { buildService } from './api/service.ts';
import { type BuildConfig, buildConfigSchema } from './config.ts';
import { CHILD } from './runner/child-path.ts';
import { BuildManager } from './server/build-manager.ts';
import { jobSource } from './server/job-source.ts';
import type { Job } from './store/job.ts';
import { JobStore } from './store/job-store.ts';
import { MIGRATIONS } from './store/migrations.ts';

export interface BuildOptions {
  config?: Partial<BuildConfig>;
  /** Publishes an artifact as a boot file (the boot service in the same process); returns its name. */
  publish?: (name: string, path: string, sha256: string) => Promise<string>;
}

/**
 * The build service as a runtime module (`paddock build serve`, `paddock up`): jobs in
 * build.db, logs in `<data-dir>/build/logs`, inputs and the artifact cache in
 * `<data-dir>/build/` unless configured elsewhere (they are shared between builds).
 */
export function createBuild(opts: BuildOptions = {}): ServiceHandle {
  return {
    name: 'build',
    factory: (ctx) => {
      const c = buildConfigSchema.parse(opts.config ?? {});
      const dir = join(ctx.dataDir, 'build');
      const inputsDir = c.buildInputs ?? join(dir, 'inputs');
      const cacheDir = c.buildCache ?? join(dir, 'cache');
      const root = process.getuid?.() === 0;
      const [uid, gid] = c.buildUser.split(':').map(Number) as [number, number];
      for (const d of [inputsDir, cacheDir]) {
        mkdirSync(d, { recursive: true, mode: 0o755 });
        // The unprivileged build user writes its inputs and cache; nothing else of the data dir.
        if (root && d.startsWith(dir)) chownSync(d, uid, gid);
      }
      const store = new JobStore(ctx.openDatabase('build', { migrations: MIGRATIONS }));
      const revisions = new RevisionLog<Job>({ head: store.head() });
      const manager = new BuildManager({
        store,
        revisions,
        childCommand: [process.execPath, decodeURIComponent(CHILD.pathname)],
        inputsDir,
        cacheDir,
        logsDir: join(dir, 'logs'),
        hidden: [ctx.dataDir],
        concurrency: c.buildConcurrency,
        defaultTimeoutSeconds: c.buildTimeout,
        fileSizeLimit: c.buildFileLimit,
        user: root ? { uid, gid } : undefined,
        publish: opts.publish,
      });
      return {
        name: 'build',
        protoFiles: ['paddock/build/v1/build.proto'],
        services: [buildService(manager, jobSource(revisions, store))],
        start() {
          manager.pump();
          ctx.setHealthy('build', true);
        },
        stop: () => manager.close(),
      };
    },
  };
}
