export { buildBootScr, type UbootBuild } from './build.ts';
export { bootCmd, ParamError, RECIPE, type UbootParams, ubootParams } from './recipe.ts';
