export { buildGrubEfi, type GrubBuild } from './build.ts';
export { type GrubParams, grubParams, MODULES, ParamError, RECIPE } from './recipe.ts';
