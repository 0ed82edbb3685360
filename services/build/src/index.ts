export { STATE_NAMES } from './api/convert.ts';
export { type BuildConfig, buildConfigSchema } from './config.ts';
export { type BuildOptions, createBuild } from './module.ts';
export { RECIPES, type Recipe } from './recipes/registry.ts';
export { sandboxArgv } from './runner/sandbox.ts';
