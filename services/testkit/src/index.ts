export { type EtcdCluster, type EtcdMember, type EtcdStartOptions, startEtcd, startEtcdCluster } from './etcd.ts';
export type { EtcdTlsFiles } from './etcd-tls.ts';
export { type BootToMarker, bootsToMarker } from './qemu-boot.ts';
export { startTestServer, type TestServer, type TestServerOptions, testServerConfig } from './test-server.ts';
