export { DEPLOYMENT_STATE_NAMES, deploymentToProto, optionsToProto, targetToProto } from './api/convert.ts';
export { eventFromProto, eventToProto } from './api/event-convert.ts';
export { type CrownConfig, crownConfigSchema, crownEnabled } from './config.ts';
export type { DeploymentView, HostView } from './model/deployment.ts';
export { createDeploy, type DeployModuleOptions } from './module.ts';
export { type DeploymentRecord, encodeRecord } from './store/deployment-record.ts';
export type { DeploymentStore } from './store/deployment-store.ts';
export { openDeploymentStoreAt } from './store/open-deployment-store.ts';
