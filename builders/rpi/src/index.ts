export { buildRpi, type RpiBuild } from './build.ts';
export { cmdlineTxt, configTxt, ParamError, RECIPE, type RpiParams, rpiParams } from './recipe.ts';
