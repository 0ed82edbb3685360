export { Host } from './host.ts';
export { IMPAIR_TABLE, type Impairment, impairScript } from './impair.ts';
export { Lab } from './lab.ts';
export { LabProcess, type SpawnOptions } from './lab-process.ts';
export type { Bridge, Link, LinkOptions, Tap } from './links.ts';
export { listNetns } from './netns.ts';
export { CommandError, type RunOptions, type RunResult, run, runOk } from './run.ts';
export { labSkipReason } from './skip.ts';
export { type LabSshd, type LabSshdOptions, PRIVATE_DIRS, startLabSshd } from './sshd-host.ts';
