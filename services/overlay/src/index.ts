export { type NetworkReport, reconcile, StateError } from './agent/agent.ts';
export { runAgent } from './agent/main.ts';
export { type LayerMtus, layerMtus, MIN_OVERLAY_MTU, VXLAN_OVERHEAD } from './model/mtu.ts';
export { interfaceNames, memberMac, type ResolvedNetwork, VXLAN_PORT } from './model/resolved.ts';
export type { InterfaceNames, Member, Network, OverlayState } from './model/types.ts';
export { type StateVerdict, validateState } from './model/validate.ts';
export type { ObservedNetwork } from './plan/observed.ts';
export { plan } from './plan/planner.ts';
export type { Step } from './plan/step.ts';
