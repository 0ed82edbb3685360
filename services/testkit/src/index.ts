export { type EtcdCluster, type EtcdMember, startEtcd, startEtcdCluster } from './etcd.ts';
export { startTestServer, type TestServer, type TestServerOptions, testServerConfig } from './test-server.ts';
