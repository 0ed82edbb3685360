export { type BuildOptions, type BuildResult, buildNodeImage } from './build.ts';
export { AGENT_PORT, BOOTED_MARKER, PHONED_MARKER } from './init-script.ts';
export { PHONE_HOME_SCRIPT } from './phone-home-script.ts';
export {
  DEFAULT_PARAMS,
  NIC_MODULES,
  type NodeImageParams,
  nodeImageParams,
  ParamError,
  PROGRAM_PACKAGES,
  PROGRAMS,
  RECIPE,
} from './recipe.ts';
