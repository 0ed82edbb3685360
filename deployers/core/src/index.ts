export type { DeployEvent, StepStatus } from './engine/events.ts';
export { hostLogger } from './engine/host-log.ts';
export { mapLimit } from './engine/map-limit.ts';
export { computePlan, formatPlan, type HostPlan, type Plan, type PlannedStep } from './engine/plan.ts';
export { fingerprint, type Progress } from './engine/progress.ts';
export { readProgress } from './engine/progress-file.ts';
export { type DeploymentResult, type HostFailure, type RunDeploymentOptions, runDeployment } from './engine/run.ts';
export { errorText, type Transport } from './engine/transport.ts';
export type {
  Check,
  Remote,
  RemoteResult,
  RunOptions,
  Stage,
  Step,
  StepContext,
  StepSet,
  Target,
} from './engine/types.ts';
export { progressPrinter } from './render/terminal.ts';
export { type CrownControllerOptions, type CrownEvent, runCrownController } from './sets/crown/crown-controller.ts';
export {
  type CrownDecision,
  type CrownInput,
  decideCrown,
  type HostSignals,
  type Power,
  type Seen,
  type WorkerView,
} from './sets/crown/crown-policy.ts';
export { type CrownDeployment, type CrownPass, crownPass, rolePath } from './sets/crown/crown-set.ts';
export { overlaySignals } from './sets/crown/overlay-probe.ts';
export { clientUrl, type EtcdMemberSpec, etcdctl, etcdPaths, peerUrl } from './sets/etcd/etcd-files.ts';
export { type EtcdCertAuthority, type EtcdDeployment, etcdSteps } from './sets/etcd/etcd-set.ts';
export { type MembershipPlan, type ObservedMember, planMembership, quorum } from './sets/etcd/membership.ts';
export { type K3sBundle, readBundle } from './sets/k3s/bundle.ts';
export { adminKubeconfig, K3S, type K3sNode, type K3sNodeConfig, k3sConfig, serverUrl } from './sets/k3s/k3s-files.ts';
export { type K3sDeployment, k3sSteps, serverStagesFor } from './sets/k3s/k3s-set.ts';
export { loadToken } from './sets/k3s/token.ts';
export { bareAddress, type OverlayNetwork, type PlannedMember, planMembers } from './sets/overlay/members.ts';
export { type OverlayDeployment, overlaySteps } from './sets/overlay/overlay-set.ts';
export { knownHostsFile } from './ssh/known-hosts.ts';
export { SshError, type SshFailure } from './ssh/ssh-errors.ts';
export { openSshTransport, type SshAuthority, type SshTransportOptions } from './ssh/ssh-transport.ts';
export { type CertAuthority, certSteps } from './steps/cert.ts';
export { type FileSpec, fileSha256, filesStep } from './steps/files.ts';
export { compareFile, daemonStep, fileStep, runOk, sh, shellStep } from './steps/shell.ts';
