export { DEPLOY_DEFAULTS, type DeployOptions, overlayNetwork, resolveOptions } from './deploy-options.ts';
export { k3sServerStages } from './k3s-crown.ts';
export { k3sDeployment, k3sDir } from './k3s-deployment.ts';
export { type K3sRecord, k3sOnDatastore, recordK3s } from './k3s-record.ts';
export { type KeysClient, keysAuthority } from './keys-authority.ts';
export { nodeTarget, resolveSelector, selectorTargets } from './selector-targets.ts';
export { type SetBuilder, type SetContext, STEP_SETS } from './step-sets.ts';
export { checkTargets, parseHosts } from './targets.ts';
