export { buildImg, type ImgBuild, type ImgOptions } from './build.ts';
export { type ImgParams, imgParams, ParamError, RECIPE } from './recipe.ts';
