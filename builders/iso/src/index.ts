export { buildIso, type IsoBuild, type IsoOptions } from './build.ts';
export { type IsoParams, isoParams, ParamError, RECIPE } from './recipe.ts';
