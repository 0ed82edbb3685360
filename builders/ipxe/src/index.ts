export { buildIpxeMedia, type IpxeBuild } from './build.ts';
export { type IpxeParams, ipxeParams, ParamError, RECIPE, SYSLINUX_ENTRY } from './recipe.ts';
